using Fabric.Broker.Security.Events;

namespace Fabric.Broker.Security.Actors;

/// <summary>
/// Asks the security actor to check and persist one event; the reply is the new <see cref="SecurityState"/> once the
/// event is durable and published, or a <c>Status.Failure</c> with a <see cref="Contracts.BrokerAdminException"/>.
/// </summary>
internal sealed record ChangeSecurity(ISecurityEvent Event);
