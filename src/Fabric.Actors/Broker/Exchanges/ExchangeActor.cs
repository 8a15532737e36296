using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Exchanges;

/// <summary>
/// One exchange: the single writer of its bindings. Each change derives a new immutable routing table and publishes
/// it through <see cref="ExchangeHandle.Snapshot"/>, where publishing channels read it without locks. The current
/// table lives in the handle, so a restarted instance continues from it. (Durable exchanges will persist their
/// bindings here once persistence lands.)
/// </summary>
internal sealed class ExchangeActor : UntypedActor
{
    private readonly ExchangeHandle _handle;

    public ExchangeActor(ExchangeHandle handle) => _handle = handle;

    protected override void OnReceive(object message)
    {
        if (message is ExchangeStop)
        {
            Context.Stop(Self);
            return;
        }
        if (message is not ExchangeBindingsChange change)
        {
            Unhandled(message);
            return;
        }
        var snapshot = _handle.Snapshot;
        var table = snapshot.Table;
        foreach (var binding in change.Remove) table = table.WithoutBinding(binding);
        foreach (var binding in change.Add) table = table.WithBinding(binding);
        if (!ReferenceEquals(table, snapshot.Table))
            _handle.Snapshot = new ExchangeSnapshot(table, snapshot.AlternateExchange);
        change.ReplyTo?.Tell(ExchangeBindingsChanged.Instance, Self);
    }
}
