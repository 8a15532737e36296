using Microsoft.Extensions.Logging;

namespace Fabric.Configuration;

/// <summary><c>fabric.logging</c>.</summary>
public sealed record LoggingSettings(LogLevel Level)
{
    internal static LoggingSettings From(SettingsReader logging)
    {
        var level = logging.String("level").Trim().ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" => LogLevel.Critical,
            "none" or "off" => LogLevel.None,
            var other => throw logging.Invalid("level", $"unknown level '{other}' (trace, debug, info, warning, error, critical, none)"),
        };
        return new LoggingSettings(level);
    }
}
