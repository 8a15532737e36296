namespace Fabric.Rpc;

/// <summary>No endpoint accepts the requested namespace and version (oslo's dispatcher UnsupportedVersion).</summary>
public sealed class UnsupportedVersionException : RpcException
{
    public UnsupportedVersionException(string version, string? method)
        : base(method is null
            ? "Endpoint does not support RPC version " + version
            : $"Endpoint does not support RPC version {version}. Attempted method: {method}")
    {
        Version = version;
        Method = method;
    }

    public string Version { get; }
    public string? Method { get; }
}
