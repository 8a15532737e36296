namespace Fabric.Actors.Tests.Actors;

using System.Collections.Concurrent;
using Xunit;

public sealed class ShutdownTests
{
    /// <summary>Records PostStop in a shared log (the test actor itself stops during shutdown, so no probe here).</summary>
    private sealed class Logged : UntypedActor
    {
        private readonly ConcurrentQueue<string> _log;
        private readonly int _depth;

        public Logged(ConcurrentQueue<string> log, int depth)
        {
            _log = log;
            _depth = depth;
        }

        protected override void PreStart()
        {
            if (_depth > 0)
                for (var i = 0; i < 3; i++)
                    Context.ActorOf(Props.Create(() => new Logged(_log, _depth - 1)), "c" + i);
        }

        protected override void OnReceive(object message) => Sender.Tell(message);

        protected override void PostStop() => _log.Enqueue(Self.Path.ToStringWithoutAddress());
    }

    [Fact]
    public async Task Terminate_stops_children_before_parents_and_all_before_WhenTerminated()
    {
        var system = ActorSystem.Create("shutdown");
        var log = new ConcurrentQueue<string>();
        var roots = new IActorRef[3];
        for (var i = 0; i < roots.Length; i++) roots[i] = system.ActorOf(Props.Create(() => new Logged(log, 2)), "r" + i);
        var infra = system.SystemActorOf(Props.Create(() => new Logged(log, 0)), "infra");
        foreach (var root in roots) Assert.Equal("ok", await root.Ask<string>("ok", TimeSpan.FromSeconds(10)));
        // Make sure the grandchildren exist (created in the children's PreStart).
        Assert.NotNull(await WaitFor(() => system.ResolvePath("/user/r2/c2/c2")));

        var first = system.Terminate();
        var second = system.Terminate();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(second.IsCompleted);

        var order = log.ToArray();
        Assert.Equal(3 + 9 + 27 + 1, order.Length);
        var position = new Dictionary<string, int>();
        for (var i = 0; i < order.Length; i++) position[order[i]] = i;
        foreach (var path in order)
        {
            var parent = path[..path.LastIndexOf('/')];
            if (position.TryGetValue(parent, out var parentIndex))
                Assert.True(position[path] < parentIndex, $"{path} stopped after its parent");
        }
        Assert.Equal("/system/infra", order[^1]); // /system stops after the whole /user tree
        Assert.Null(system.ResolvePath("/user/r0"));
    }

    private static async Task<IActorRef?> WaitFor(Func<IActorRef?> lookup)
    {
        for (var i = 0; i < 500; i++)
        {
            var found = lookup();
            if (found != null) return found;
            await Task.Delay(10);
        }
        return null;
    }

    [Fact]
    public async Task Dispose_terminates_the_system()
    {
        var system = ActorSystem.Create("disposed");
        system.ActorOf(Props.Create(() => new Logged(new ConcurrentQueue<string>(), 1)));
        await system.DisposeAsync();
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
    }
}
