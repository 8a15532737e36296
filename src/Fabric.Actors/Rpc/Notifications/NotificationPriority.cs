namespace Fabric.Rpc.Notifications;

/// <summary>oslo's notification priorities (upper case in the message, lower case in the topic).</summary>
public static class NotificationPriority
{
    public const string Audit = "AUDIT";
    public const string Debug = "DEBUG";
    public const string Info = "INFO";
    public const string Warn = "WARN";
    public const string Error = "ERROR";
    public const string Critical = "CRITICAL";
    public const string Sample = "SAMPLE";

    /// <summary>All of them, as the dispatcher lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Audit, Debug, Info, Warn, Error, Critical, Sample];
}
