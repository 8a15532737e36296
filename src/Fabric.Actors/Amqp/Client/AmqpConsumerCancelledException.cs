namespace Fabric.Amqp.Client;

/// <summary>The broker cancelled a consumer (basic.cancel from the server, e.g. its queue was deleted).</summary>
public sealed class AmqpConsumerCancelledException : Exception
{
    public AmqpConsumerCancelledException(string consumerTag)
        : base($"The broker cancelled consumer '{consumerTag}'.")
    {
        ConsumerTag = consumerTag;
    }

    public string ConsumerTag { get; }
}
