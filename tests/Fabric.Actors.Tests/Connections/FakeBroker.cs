using Fabric.Broker.Contracts;
using Fabric.Configuration;

namespace Fabric.Actors.Tests.Connections;

internal sealed class FakeBroker(ActorSystem system, FabricSettings settings) : IBroker
{
    private long _nextId;

    public FabricSettings Settings { get; } = settings;

    public ActorSystem System { get; } = system;

    public IAccessControl Access { get; set; } = new FakeAccessControl();

    public FakeVirtualHost VirtualHost { get; } = new("/");

    public IVirtualHost? FindVirtualHost(string name) => name == "/" ? VirtualHost : null;

    public long NextConnectionId() => Interlocked.Increment(ref _nextId);
}
