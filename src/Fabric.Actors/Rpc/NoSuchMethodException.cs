namespace Fabric.Rpc;

/// <summary>No compatible endpoint has the requested method (oslo's dispatcher NoSuchMethod).</summary>
public sealed class NoSuchMethodException : RpcException
{
    public NoSuchMethodException(string method)
        : base("Endpoint does not support RPC method " + method)
    {
        Method = method;
    }

    public string Method { get; }
}
