namespace Fabric.Configuration;

/// <summary><c>fabric.actors</c>: kernel defaults.</summary>
public sealed record ActorSettings(int Throughput, TimeSpan AskTimeout, TimeSpan ShutdownTimeout, bool LogDeadLetters)
{
    internal static ActorSettings From(SettingsReader actors) =>
        new(actors.Int("throughput", 1, 1_000_000),
            actors.Duration("ask-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.MaxValue, allowInfinite: true),
            actors.Duration("shutdown-timeout", TimeSpan.Zero, TimeSpan.FromHours(1)),
            actors.Boolean("log-dead-letters"));
}
