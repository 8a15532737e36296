namespace Fabric.Hocon;

/// <summary>A missing path, a value of the wrong type, an invalid setting or an unresolvable substitution.
/// The message names the path and, where known, the origin (file:line:column) of the offending value.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message) : base(message) { }

    public ConfigException(string message, Exception inner) : base(message, inner) { }

    internal static ConfigException Missing(string path) => new($"missing configuration path '{path}'");

    internal static ConfigException WrongType(string path, string expected, HoconValue found) =>
        new($"{found.Origin}: path '{path}' should be {expected} but is {found.TypeName}" +
            (found is HoconScalar s && found.Type != HoconValueType.Null ? $" '{s.Text}'" : ""));

    internal static ConfigException Invalid(string path, HoconOrigin origin, string reason) =>
        new($"{origin}: invalid value at '{path}': {reason}");
}
