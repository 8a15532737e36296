namespace Fabric.Amqp;

/// <summary>Identifies an AMQP method by class id and method id.</summary>
public readonly record struct MethodId(ushort ClassId, ushort Method)
{
    /// <summary>Both ids in one number (class in the high half), handy for switch statements.</summary>
    public uint Key => ((uint)ClassId << 16) | Method;

    public override string ToString() => $"{ClassId}.{Method}";
}
