namespace Fabric.Broker.Queues;

/// <summary>A refusal the channel turns into a channel.close with this reply code and text.</summary>
public sealed record QueueError(ushort ReplyCode, string ReplyText)
{
    public const ushort AccessRefused = 403;
    public const ushort PreconditionFailed = 406;
    public const ushort NotAllowed = 530;
}
