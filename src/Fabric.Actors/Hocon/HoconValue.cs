namespace Fabric.Hocon;

/// <summary>A node of the HOCON object model. Resolved trees contain only objects, arrays and scalars.</summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin) => Origin = origin;

    public HoconOrigin Origin { get; }

    public abstract HoconValueType Type { get; }

    /// <summary>A short name for error messages: "object", "list", "string", "number", "boolean", "null".</summary>
    internal string TypeName => Type switch
    {
        HoconValueType.Object => "object",
        HoconValueType.Array => "list",
        HoconValueType.String => "string",
        HoconValueType.Number => "number",
        HoconValueType.Boolean => "boolean",
        HoconValueType.Null => "null",
        _ => "unresolved value",
    };

    /// <summary>True when this value or anything inside it still needs substitution.</summary>
    internal abstract bool NeedsResolution { get; }
}
