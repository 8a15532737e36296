namespace Fabric.Actors.Cell;

/// <summary>
/// Parent of /user and /system; drives orderly shutdown: stop /user (its tree stops bottom-up), then /system,
/// then itself; its termination completes <see cref="ActorSystem.WhenTerminated"/>.
/// </summary>
internal sealed class RootGuardian : ActorBase
{
    internal sealed class TerminateSystem
    {
        public static readonly TerminateSystem Instance = new();
    }

    private IActorRef? _user;
    private IActorRef? _system;

    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        _user = Context.Child("user");
        _system = Context.Child("system");
        if (_user != null) Context.Watch(_user);
        if (_system != null) Context.Watch(_system);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case TerminateSystem:
                if (_user != null) Context.Stop(_user);
                else StopSystemGuardian();
                return true;
            case Terminated t when t.ActorRef.Equals(_user):
                _user = null;
                StopSystemGuardian();
                return true;
            case Terminated t when t.ActorRef.Equals(_system):
                _system = null;
                Context.Stop(Self);
                return true;
            case Terminated:
                return true;
            default:
                return false;
        }
    }

    private void StopSystemGuardian()
    {
        if (_system != null) Context.Stop(_system);
        else Context.Stop(Self);
    }
}
