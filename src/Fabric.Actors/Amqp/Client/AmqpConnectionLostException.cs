namespace Fabric.Amqp.Client;

/// <summary>The socket failed or the broker stopped answering (missed heartbeats); no close handshake took place.</summary>
public sealed class AmqpConnectionLostException : IOException
{
    public AmqpConnectionLostException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
