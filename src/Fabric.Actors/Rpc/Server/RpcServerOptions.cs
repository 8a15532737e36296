namespace Fabric.Rpc.Server;

/// <summary>Settings of <see cref="RpcServer"/>; defaults follow oslo.messaging.</summary>
public sealed record RpcServerOptions
{
    /// <summary>Requests handled at once (oslo's executor_thread_pool_size).</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>How long a reply to a missing reply queue is retried (oslo's kombu_missing_consumer_retry_timeout).</summary>
    public TimeSpan ReplyRetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ReplyRetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
