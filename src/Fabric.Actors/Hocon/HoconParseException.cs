namespace Fabric.Hocon;

/// <summary>Malformed HOCON text. <see cref="Exception.Message"/> reads "file:line:column: reason".</summary>
public sealed class HoconParseException : Exception
{
    public HoconParseException(string fileName, int line, int column, string reason)
        : base($"{fileName}:{line}:{column}: {reason}")
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string FileName { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
