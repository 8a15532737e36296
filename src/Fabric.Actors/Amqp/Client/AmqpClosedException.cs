namespace Fabric.Amqp.Client;

/// <summary>An operation on a connection or channel that this client closed (reply code 200).</summary>
public sealed class AmqpClosedException : InvalidOperationException
{
    public AmqpClosedException(string message)
        : base(message)
    {
    }
}
