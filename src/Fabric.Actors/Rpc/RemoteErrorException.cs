namespace Fabric.Rpc;

/// <summary>
/// The remote endpoint raised: its exception's type name and message (and traceback), as oslo's RemoteError.
/// </summary>
public sealed class RemoteErrorException : RpcException
{
    public RemoteErrorException(string excType, string value, string traceback, string? module = null)
        : base($"Remote error: {excType} {value}\n{traceback}.")
    {
        ExcType = excType;
        Value = value;
        Traceback = traceback;
        Module = module;
    }

    /// <summary>The remote exception's class name, e.g. "ValueError" or "NoSuchMethod".</summary>
    public string ExcType { get; }

    /// <summary>The remote exception's message.</summary>
    public string Value { get; }

    public string Traceback { get; }

    /// <summary>The remote exception's module (Python) or namespace (.NET).</summary>
    public string? Module { get; }
}
