namespace Fabric.Rpc;

/// <summary>No reply within the call's timeout (oslo's MessagingTimeout).</summary>
public sealed class MessagingTimeoutException : RpcException
{
    public MessagingTimeoutException(string message, string? messageId = null)
        : base(message)
    {
        MessageId = messageId;
    }

    /// <summary>The call's <c>_msg_id</c>, when the request was sent.</summary>
    public string? MessageId { get; }
}
