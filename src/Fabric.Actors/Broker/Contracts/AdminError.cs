namespace Fabric.Broker.Contracts;

/// <summary>Why an admin change was refused (maps to RabbitMQ's errors and HTTP statuses).</summary>
public enum AdminError
{
    UserExists,
    NoSuchUser,
    VirtualHostExists,
    NoSuchVirtualHost,
    /// <summary>An empty name or an invalid regular expression.</summary>
    InvalidArgument,
}
