using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Broker.VirtualHosts;
using Fabric.Broker.Routing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// Random declare / delete / bind / unbind sequences (errors allowed) keep the vhost consistent: each exchange's
/// published snapshot holds exactly the vhost's bindings from it, and every binding joins two live entities.
/// </summary>
public sealed class TopologyPropertyTests : BrokerTestBase
{
    private enum Kind { DeclareQueue, DeleteQueue, DeclareExchange, DeleteExchange, BindQueue, UnbindQueue, BindExchange, UnbindExchange }

    private sealed record Op(Kind Kind, int A, int B, string Key, bool AutoDelete);

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Elements(Enum.GetValues<Kind>())
        from a in Gen.Choose(0, 2)
        from b in Gen.Choose(0, 2)
        from key in Gen.Elements("k1", "k2")
        from autoDelete in Gen.Elements(false, true)
        select new Op(kind, a, b, key, autoDelete);

    private int _round;

    [Fact]
    public void Bindings_snapshots_and_indexes_stay_consistent()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Gen.ListOf(OpGen).ToArbitrary(), ops =>
        {
            var round = ++_round;
            foreach (var op in ops) Run(op, round).GetAwaiter().GetResult();
            AssertConsistent().GetAwaiter().GetResult();
        }));
    }

    private async Task Run(Op op, int round)
    {
        string Q(int i) => $"r{round}-q{i}";
        string X(int i) => $"r{round}-x{i}";
        try
        {
            switch (op.Kind)
            {
                case Kind.DeclareQueue: await DeclareQueue(Q(op.A)); break;
                case Kind.DeleteQueue: await VHost.QueueDelete(new QueueDelete { Queue = Q(op.A) }, Session()); break;
                case Kind.DeclareExchange: await DeclareExchange(X(op.A), ExchangeType.Direct, op.AutoDelete); break;
                case Kind.DeleteExchange: await VHost.ExchangeDelete(new ExchangeDelete { Exchange = X(op.A) }, Session()); break;
                case Kind.BindQueue: await Bind(Q(op.A), X(op.B), op.Key); break;
                case Kind.UnbindQueue:
                    await VHost.QueueUnbind(new QueueUnbind { Queue = Q(op.A), Exchange = X(op.B), RoutingKey = op.Key }, Session());
                    break;
                case Kind.BindExchange:
                    await VHost.ExchangeBind(new ExchangeBind { Source = X(op.A), Destination = X(op.B), RoutingKey = op.Key }, Session());
                    break;
                case Kind.UnbindExchange:
                    await VHost.ExchangeUnbind(new ExchangeUnbind { Source = X(op.A), Destination = X(op.B), RoutingKey = op.Key }, Session());
                    break;
            }
        }
        catch (AmqpProtocolException e) when (e.ReplyCode is ReplyCode.NotFound or ReplyCode.PreconditionFailed)
        {
            // e.g. binding to something missing, or redeclaring with another auto-delete flag
        }
    }

    private async Task AssertConsistent()
    {
        var state = VHost.State;
        // The vhost actor applies changes in its own turn: once it has answered this, its state is settled and visible.
        await VHost.Actor.Ask(VirtualHostReady.Instance, Long);
        foreach (var (name, handle) in state.Exchanges)
        {
            if (name.Length == 0) continue;
            var expected = state.BySource.TryGetValue(name, out var set) ? set : [];
            Assert.True(expected.SetEquals(handle.Snapshot.Table.Bindings), $"snapshot of '{name}' differs from the index");
        }
        foreach (var (source, bindings) in state.BySource)
        {
            Assert.True(state.Exchanges.ContainsKey(source), $"binding from deleted exchange '{source}'");
            foreach (var binding in bindings)
            {
                var alive = binding.DestinationKind == DestinationKind.Queue
                    ? state.Queues.ContainsKey(binding.DestinationName)
                    : state.Exchanges.ContainsKey(binding.DestinationName);
                Assert.True(alive, $"binding to deleted {binding.Destination}");
                Assert.Contains(binding, state.ByDestination[binding.Destination]);
            }
        }
    }
}
