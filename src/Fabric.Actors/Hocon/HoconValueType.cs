namespace Fabric.Hocon;

public enum HoconValueType
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
    /// <summary>A substitution, concatenation or merge not yet resolved; never seen in a resolved <see cref="Config"/>.</summary>
    Unresolved,
}
