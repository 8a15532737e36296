using Fabric.Actors;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Exchanges;

/// <summary>
/// VirtualHostActor → ExchangeActor: add and/or remove bindings of this exchange (as source), then publish the new
/// snapshot and, when <see cref="ReplyTo"/> is set, tell it <see cref="ExchangeBindingsChanged.Instance"/> (the
/// -ok goes out only once publishes see the change).
/// </summary>
internal sealed record ExchangeBindingsChange(Binding[] Add, Binding[] Remove, IActorRef? ReplyTo);
