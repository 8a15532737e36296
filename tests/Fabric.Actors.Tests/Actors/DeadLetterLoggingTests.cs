namespace Fabric.Actors.Tests.Actors;

using System.Collections.Concurrent;
using Fabric.TestKit;
using Microsoft.Extensions.Logging;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class DeadLetterLoggingTests() : TestKit(new ActorSystemSettings { LoggerFactory = new RecordingLoggers() })
{
    private sealed record Expected : IDeadLetterSuppression;

    [Fact]
    public void A_suppressed_dead_letter_is_published_but_not_logged()
    {
        var logs = (RecordingLoggers)Sys.Settings.LoggerFactory!;
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(DeadLetter));
        var actor = Sys.ActorOf(Props.Create<Echo>());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        actor.Tell(new Expected());
        actor.Tell("unexpected");

        Assert.IsType<Expected>(probe.ExpectMsg<DeadLetter>().Message);
        Assert.Equal("unexpected", probe.ExpectMsg<DeadLetter>().Message);
        Assert.Contains(logs.Lines, line => line.Contains("Dead letter String"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(nameof(Expected)));
    }

    private sealed class RecordingLoggers : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Lines.Enqueue(formatter(state, exception));
    }
}
