namespace Fabric.Amqp;

/// <summary>
/// A protocol violation found while decoding; carries the reply code and the offending method (0/0 when not known)
/// so the connection can answer with connection.close or channel.close.
/// </summary>
public sealed class AmqpProtocolException : Exception
{
    public AmqpProtocolException(ushort replyCode, string message, ushort classId = 0, ushort methodId = 0)
        : base(message)
    {
        ReplyCode = replyCode;
        ClassId = classId;
        MethodId = methodId;
    }

    public ushort ReplyCode { get; }
    public ushort ClassId { get; }
    public ushort MethodId { get; }

    /// <summary>A copy naming the method whose arguments were being decoded.</summary>
    public AmqpProtocolException WithMethod(MethodId id) => new(ReplyCode, Message, id.ClassId, id.Method);

    internal static AmqpProtocolException Syntax(string message) => new(Amqp.ReplyCode.SyntaxError, message);

    internal static AmqpProtocolException Frame(string message) => new(Amqp.ReplyCode.FrameError, message);
}
