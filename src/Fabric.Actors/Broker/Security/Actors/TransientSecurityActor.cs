using Fabric.Actors;
using Fabric.Configuration;

namespace Fabric.Broker.Security.Actors;

/// <summary>The security actor of a node without a store (unit tests): seeded from configuration, changes kept in memory.</summary>
internal sealed class TransientSecurityActor : UntypedActor
{
    private readonly AccessControl _access;
    private readonly SecurityDefinitions _definitions = new();

    public TransientSecurityActor(AccessControl access, AuthSettings seeds)
    {
        _access = access;
        foreach (var e in _definitions.EventsToApply(seeds)) _definitions.Apply(e);
        _access.Publish(_definitions.ToState());
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ChangeSecurity change when _definitions.Check(change.Event) is { } error:
                Sender.Tell(new Status.Failure(error), Self);
                break;
            case ChangeSecurity change:
                _definitions.Apply(change.Event);
                _access.Publish(_definitions.ToState());
                Sender.Tell(_access.State, Self);
                break;
            case GetSecurityState:
                Sender.Tell(new SecurityRecovered(_access.State, Seeded: true), Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
