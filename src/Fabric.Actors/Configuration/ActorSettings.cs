using Fabric.Actors;
using Microsoft.Extensions.Logging;

namespace Fabric.Configuration;

/// <summary><c>fabric.actors</c>: kernel defaults.</summary>
public sealed record ActorSettings(int Throughput, TimeSpan AskTimeout, TimeSpan ShutdownTimeout, bool LogDeadLetters)
{
    internal static ActorSettings From(SettingsReader actors) =>
        new(actors.Int("throughput", 1, 1_000_000),
            actors.Duration("ask-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.MaxValue, allowInfinite: true),
            actors.Duration("shutdown-timeout", TimeSpan.Zero, TimeSpan.FromHours(1)),
            actors.Boolean("log-dead-letters"));

    /// <summary>The kernel's settings for a node's actor system.</summary>
    public ActorSystemSettings ToSystemSettings(ILoggerFactory? loggerFactory = null) => new()
    {
        Throughput = Throughput,
        AskTimeout = AskTimeout,
        ShutdownTimeout = ShutdownTimeout,
        LogDeadLetters = LogDeadLetters,
        LoggerFactory = loggerFactory,
    };
}
