using Fabric.Broker.Contracts;

namespace Fabric.Broker.Security;

/// <summary>A user as the definitions hold it: the user connections see, and its password hash.</summary>
internal sealed record UserRecord(BrokerUser User, PasswordHash Password);
