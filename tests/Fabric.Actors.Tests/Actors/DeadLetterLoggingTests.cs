namespace Fabric.Actors.Tests.Actors;

using Fabric.Actors.Tests.Connections;
using Fabric.TestKit;
using Microsoft.Extensions.Logging;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class DeadLetterLoggingTests() : TestKit(new ActorSystemSettings { LoggerFactory = new CapturingLoggerFactory(LogLevel.Information) })
{
    private sealed record Expected : IDeadLetterSuppression;

    [Fact]
    public void A_suppressed_dead_letter_is_published_but_not_logged()
    {
        var logs = (CapturingLoggerFactory)Sys.Settings.LoggerFactory!;
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
}
