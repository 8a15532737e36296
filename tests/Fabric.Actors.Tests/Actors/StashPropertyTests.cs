namespace Fabric.Actors.Tests.Actors;

using FsCheck;
using FsCheck.Fluent;
using Fabric.TestKit;
using Xunit;

/// <summary>Property: for any interleaving of data, "open" and "close", the actor's output matches a model in which
/// UnstashAll puts the stashed messages, in order, at the front of the mailbox.</summary>
public sealed class StashPropertyTests : TestKit
{
    private sealed record Open;

    private sealed record Close;

    private sealed record End;

    private sealed class Toggle(IActorRef monitor) : UntypedActor, IWithUnboundedStash
    {
        private bool _open;

        public IStash Stash { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Open:
                    _open = true;
                    Stash.UnstashAll();
                    break;
                case Close:
                    _open = false;
                    break;
                case End:
                    monitor.Tell(message);
                    break;
                case int when !_open:
                    Stash.Stash();
                    break;
                default:
                    monitor.Tell(message);
                    break;
            }
        }
    }

    private static object ToMessage(int x) => (x & 7) switch
    {
        0 => new Open(),
        1 => new Close(),
        _ => x,
    };

    private static List<object> Model(List<object> inbox)
    {
        var queue = new LinkedList<object>(inbox);
        var stash = new List<object>();
        var output = new List<object>();
        var open = false;
        while (queue.Count > 0)
        {
            var message = queue.First!.Value;
            queue.RemoveFirst();
            switch (message)
            {
                case Open:
                    open = true;
                    for (var i = stash.Count - 1; i >= 0; i--) queue.AddFirst(stash[i]);
                    stash.Clear();
                    break;
                case Close:
                    open = false;
                    break;
                case int when !open:
                    stash.Add(message);
                    break;
                default:
                    output.Add(message);
                    break;
            }
        }
        return output;
    }

    private bool Holds(int[] ops)
    {
        var inbox = new List<object>(ops.Length + 1);
        foreach (var op in ops) inbox.Add(ToMessage(op));
        inbox.Add(new End());
        var expected = Model(inbox);
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Toggle(probe)));
        foreach (var message in inbox) actor.Tell(message);
        foreach (var message in expected) probe.ExpectMsg(message);
        Sys.Stop(actor);
        return true;
    }

    [Fact]
    public void Stash_and_UnstashAll_match_the_mailbox_model() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll<int[]>(Holds));
}
