namespace Fabric.Amqp.Client;

/// <summary>The broker answered a confirmed publish with basic.nack.</summary>
public sealed class AmqpPublishNackedException : Exception
{
    public AmqpPublishNackedException(ulong sequenceNumber)
        : base($"The broker nacked publish #{sequenceNumber}.")
    {
        SequenceNumber = sequenceNumber;
    }

    public ulong SequenceNumber { get; }
}
