namespace Fabric.Rpc;

/// <summary>The message's version is above the client's version cap (oslo's RPCVersionCapError).</summary>
public sealed class RpcVersionCapException : RpcException
{
    public RpcVersionCapException(string? version, string versionCap)
        : base($"Requested message version, {version} is incompatible.  It needs to be equal in major version and less than or equal in minor version as the specified version cap {versionCap}.")
    {
        Version = version;
        VersionCap = versionCap;
    }

    public string? Version { get; }
    public string VersionCap { get; }
}
