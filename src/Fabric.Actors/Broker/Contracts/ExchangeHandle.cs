using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Contracts;

/// <summary>
/// What a publishing channel needs to know of an exchange, readable from any thread without locks. The exchange's
/// owner replaces <see cref="Snapshot"/> after each bind/unbind (a volatile write); readers take whatever is current.
/// </summary>
public sealed class ExchangeHandle
{
    private ExchangeSnapshot _snapshot;

    public ExchangeHandle(string name, string type, bool durable, bool autoDelete, bool @internal, FieldTable arguments,
        ExchangeSnapshot snapshot)
    {
        Name = name;
        Type = type;
        Durable = durable;
        AutoDelete = autoDelete;
        Internal = @internal;
        Arguments = arguments;
        _snapshot = snapshot;
    }

    public string Name { get; }
    public string Type { get; }
    public bool Durable { get; }
    public bool AutoDelete { get; }
    public bool Internal { get; }
    public FieldTable Arguments { get; }

    public ExchangeSnapshot Snapshot
    {
        get => Volatile.Read(ref _snapshot);
        set => Volatile.Write(ref _snapshot, value);
    }
}
