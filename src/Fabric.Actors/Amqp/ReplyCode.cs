namespace Fabric.Amqp;

/// <summary>AMQP reply codes (connection.close / channel.close / basic.return).</summary>
public static class ReplyCode
{
    public const ushort Success = 200;
    public const ushort ContentTooLarge = 311;
    public const ushort NoRoute = 312;
    public const ushort NoConsumers = 313;
    public const ushort ConnectionForced = 320;
    public const ushort InvalidPath = 402;
    public const ushort AccessRefused = 403;
    public const ushort NotFound = 404;
    public const ushort ResourceLocked = 405;
    public const ushort PreconditionFailed = 406;
    public const ushort FrameError = 501;
    public const ushort SyntaxError = 502;
    public const ushort CommandInvalid = 503;
    public const ushort ChannelError = 504;
    public const ushort UnexpectedFrame = 505;
    public const ushort ResourceError = 506;
    public const ushort NotAllowed = 530;
    public const ushort NotImplemented = 540;
    public const ushort InternalError = 541;

    /// <summary>Hard errors close the connection; soft errors (3xx, 403-406) close only the channel.</summary>
    public static bool IsHardError(ushort code) => code == ConnectionForced || code == InvalidPath || code >= 500;

    /// <summary>The spec's upper-case name, as RabbitMQ puts it in reply texts (e.g. "NOT_FOUND").</summary>
    public static string Name(ushort code) => code switch
    {
        Success => "REPLY_SUCCESS",
        ContentTooLarge => "CONTENT_TOO_LARGE",
        NoRoute => "NO_ROUTE",
        NoConsumers => "NO_CONSUMERS",
        ConnectionForced => "CONNECTION_FORCED",
        InvalidPath => "INVALID_PATH",
        AccessRefused => "ACCESS_REFUSED",
        NotFound => "NOT_FOUND",
        ResourceLocked => "RESOURCE_LOCKED",
        PreconditionFailed => "PRECONDITION_FAILED",
        FrameError => "FRAME_ERROR",
        SyntaxError => "SYNTAX_ERROR",
        CommandInvalid => "COMMAND_INVALID",
        ChannelError => "CHANNEL_ERROR",
        UnexpectedFrame => "UNEXPECTED_FRAME",
        ResourceError => "RESOURCE_ERROR",
        NotAllowed => "NOT_ALLOWED",
        NotImplemented => "NOT_IMPLEMENTED",
        InternalError => "INTERNAL_ERROR",
        _ => "UNKNOWN_" + code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
