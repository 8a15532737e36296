namespace Fabric.Amqp.Content;

internal enum PropertyKind
{
    ShortString,
    Table,
    Octet,
    Timestamp,
}
