namespace Fabric.Broker.Contracts;

/// <summary>RabbitMQ's three permission kinds, each a regular expression over resource names per user and vhost.</summary>
public enum Permission
{
    Configure,
    Write,
    Read,
}
