using System.Text;

namespace Fabric.Broker.Routing;

/// <summary>The <c>x-match</c> mode of a headers binding.</summary>
public enum HeadersMatch : byte
{
    /// <summary>Every binding argument must match (the default); "x-" arguments are ignored.</summary>
    All = 0,

    /// <summary>At least one binding argument must match; "x-" arguments are ignored.</summary>
    Any = 1,

    /// <summary>Like <see cref="All"/> but "x-" arguments (other than x-match) count too.</summary>
    AllWithX = 2,

    /// <summary>Like <see cref="Any"/> but "x-" arguments (other than x-match) count too.</summary>
    AnyWithX = 3,
}

/// <summary>Reads <c>x-match</c> from binding arguments.</summary>
public static class HeadersMatchParser
{
    public const string ArgumentName = "x-match";

    /// <summary>
    /// Parses the mode: absent means <see cref="HeadersMatch.All"/>; false for a value that is not one of
    /// "all", "any", "all-with-x", "any-with-x" (as a string or UTF-8 bytes).
    /// </summary>
    public static bool TryParse(IReadOnlyDictionary<string, object?> arguments, out HeadersMatch match)
    {
        match = HeadersMatch.All;
        if (!arguments.TryGetValue(ArgumentName, out var value)) return true;
        var text = value switch
        {
            string s => s,
            byte[] b => Encoding.UTF8.GetString(b),
            _ => null,
        };
        switch (text)
        {
            case "all": match = HeadersMatch.All; return true;
            case "any": match = HeadersMatch.Any; return true;
            case "all-with-x": match = HeadersMatch.AllWithX; return true;
            case "any-with-x": match = HeadersMatch.AnyWithX; return true;
            default: return false;
        }
    }
}
