namespace Fabric.Broker.Queues;

/// <summary>What a queue does when x-max-length / x-max-length-bytes would be exceeded (x-overflow).</summary>
public enum OverflowBehavior
{
    /// <summary>Accept the message, then drop (dead-letter with <c>maxlen</c>) the oldest ready ones.</summary>
    DropHead,

    /// <summary>Refuse the publish; with confirms the publisher gets a basic.nack.</summary>
    RejectPublish,

    /// <summary>Like <see cref="RejectPublish"/>, and the refused message is also dead-lettered.</summary>
    RejectPublishDlx,
}
