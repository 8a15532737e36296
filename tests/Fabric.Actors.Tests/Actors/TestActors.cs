namespace Fabric.Actors.Tests.Actors;

/// <summary>Small actors shared by the kernel tests.</summary>
internal static class TestActors
{
    /// <summary>Replies to every message with the message itself.</summary>
    internal sealed class Echo : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    internal sealed record PreRestarted(string Reason, object? Message);

    internal sealed record PostRestarted(string Reason);

    /// <summary>Counts "inc", replies to "get" with the count, throws on "fail"/"fail-arg"; reports lifecycle to a monitor.</summary>
    internal sealed class Counter : ReceiveActor
    {
        private readonly IActorRef? _monitor;
        private int _count;

        public Counter() : this(null) { }

        public Counter(IActorRef? monitor)
        {
            _monitor = monitor;
            Receive<string>(_ => _count++, s => s == "inc");
            Receive<string>(_ => Sender.Tell(_count), s => s == "get");
            Receive<string>(_ => throw new InvalidOperationException("boom"), s => s == "fail");
            Receive<string>(_ => throw new ArgumentException("arg"), s => s == "fail-arg");
        }

        protected override void PreStart() => _monitor?.Tell("prestart");

        protected override void PostStop() => _monitor?.Tell("poststop:" + Self.Path.Name);

        protected override void PreRestart(Exception reason, object? message)
        {
            _monitor?.Tell(new PreRestarted(reason.Message, message));
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            _monitor?.Tell(new PostRestarted(reason.Message));
            base.PostRestart(reason);
        }
    }

    internal sealed record CreateChild(Props Props, string Name);

    /// <summary>Creates children on request (replying with the ref), applies the given strategy, forwards the rest.</summary>
    internal sealed class Supervisor : ReceiveActor
    {
        private readonly SupervisorStrategy? _strategy;

        public Supervisor(SupervisorStrategy? strategy, IActorRef? monitor = null)
        {
            _strategy = strategy;
            Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
            ReceiveAny(m => monitor?.Tell(m, Sender));
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy ?? base.SupervisorStrategy();
    }

    /// <summary>Reports PostStop to a monitor and creates the given children in PreStart.</summary>
    internal sealed class Node : UntypedActor
    {
        private readonly IActorRef _monitor;
        private readonly int _depth;
        private readonly int _width;

        public Node(IActorRef monitor, int depth, int width)
        {
            _monitor = monitor;
            _depth = depth;
            _width = width;
        }

        protected override void PreStart()
        {
            if (_depth <= 0) return;
            for (var i = 0; i < _width; i++)
                Context.ActorOf(Props.Create(() => new Node(_monitor, _depth - 1, _width)), "n" + i);
        }

        protected override void OnReceive(object message) => Unhandled(message);

        protected override void PostStop() => _monitor.Tell("stopped:" + Self.Path.ToStringWithoutAddress());
    }
}
