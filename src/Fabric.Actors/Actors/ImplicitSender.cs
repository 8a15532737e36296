namespace Fabric.Actors;

/// <summary>
/// The sender used when Tell is given none: inside an actor's turn it is the actor itself (as in Akka);
/// elsewhere it may be set per thread / async flow (the test kit sets its TestActor).
/// </summary>
internal static class ImplicitSender
{
    [ThreadStatic] private static IActorRef? _current;
    private static readonly AsyncLocal<IActorRef?> Flow = new();
    private static volatile bool _flowUsed;

    public static IActorRef? Current => _current ?? (_flowUsed ? Flow.Value : null);

    /// <summary>Sets the sender for the current turn/thread; returns the previous one for restoring.</summary>
    public static IActorRef? Enter(IActorRef? sender)
    {
        var previous = _current;
        _current = sender;
        return previous;
    }

    public static void Exit(IActorRef? previous) => _current = previous;

    /// <summary>Sets the sender for the calling async flow (test code). Only the flow: a thread-static would leak into
    /// whatever else later runs on this pool thread, e.g. another test after an await.</summary>
    public static void SetAmbient(IActorRef? sender)
    {
        _flowUsed = true;
        Flow.Value = sender;
    }
}
