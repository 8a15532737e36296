namespace Fabric.TestKit;

/// <summary>An actor ref whose received messages a test can expect; create with <see cref="TestKitBase.CreateTestProbe"/>.</summary>
public sealed class TestProbe : TestKitBase, IActorRef, IActorRefProxy
{
    internal TestProbe(ActorSystem system, TestKitSettings settings, Deadline deadline, string? name)
        : base(system, settings, deadline, name) { }

    /// <summary>The probe's underlying actor ref (same as <see cref="TestKitBase.TestActor"/>).</summary>
    public IActorRef Ref => TestActor;

    public ActorPath Path => TestActor.Path;

    IActorRef IActorRefProxy.Underlying => TestActor;

    public void Tell(object message, IActorRef? sender = null) => TestActor.Tell(message, sender);

    public bool Equals(IActorRef? other) => TestActor.Equals(other);

    public override bool Equals(object? obj) => obj is IActorRef other && TestActor.Equals(other);

    public override int GetHashCode() => TestActor.GetHashCode();

    public override string ToString() => $"TestProbe[{Path}]";
}
