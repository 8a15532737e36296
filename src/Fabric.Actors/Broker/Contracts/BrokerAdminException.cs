namespace Fabric.Broker.Contracts;

/// <summary>An admin change that was refused; nothing was changed.</summary>
public sealed class BrokerAdminException(AdminError error, string message) : Exception(message)
{
    public AdminError Error { get; } = error;
}
