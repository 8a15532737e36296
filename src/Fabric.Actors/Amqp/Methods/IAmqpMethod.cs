namespace Fabric.Amqp.Methods;

/// <summary>An AMQP method's arguments and how to encode them (the types are generated from the spec).</summary>
public interface IAmqpMethod
{
    MethodId Id { get; }

    /// <summary>True for methods followed by a content header and body (publish, deliver, return, get-ok).</summary>
    bool HasContent { get; }

    /// <summary>An upper bound of the encoded arguments' size (exact for tables, generous for strings).</summary>
    int MaxArgumentsSize();

    /// <summary>Encodes the arguments (not the class/method ids) and returns the bytes written.</summary>
    int WriteArguments(Span<byte> destination);
}
