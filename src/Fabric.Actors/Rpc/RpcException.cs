namespace Fabric.Rpc;

/// <summary>Base of the RPC layer's errors (oslo's MessagingException).</summary>
public class RpcException : Exception
{
    public RpcException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
