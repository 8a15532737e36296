namespace Fabric.Broker.Routing;

/// <summary>A headers binding compiled for matching: its mode and the arguments that take part.</summary>
internal sealed class HeadersCondition
{
    private readonly bool _all;
    private readonly KeyValuePair<string, object?>[] _arguments;

    public HeadersCondition(Binding binding)
    {
        Binding = binding;
        // Unparseable modes were refused at bind time; treat any that slip through as "all", like RabbitMQ.
        HeadersMatchParser.TryParse(binding.Arguments, out var mode);
        _all = mode is HeadersMatch.All or HeadersMatch.AllWithX;
        var withX = mode is HeadersMatch.AllWithX or HeadersMatch.AnyWithX;
        var arguments = new List<KeyValuePair<string, object?>>(binding.Arguments.Count);
        foreach (var pair in binding.Arguments)
        {
            if (pair.Key == HeadersMatchParser.ArgumentName) continue;
            if (!withX && pair.Key.StartsWith("x-", StringComparison.Ordinal)) continue;
            arguments.Add(pair);
        }
        _arguments = arguments.ToArray();
    }

    public Binding Binding { get; }

    /// <summary>
    /// RabbitMQ's rule: an argument matches when the header is present and, unless the argument's value is
    /// void (null, meaning "presence only"), the values are equal by content. "all" with no arguments matches
    /// everything; "any" with none matches nothing.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, object?>? headers)
    {
        var arguments = _arguments;
        for (var i = 0; i < arguments.Length; i++)
        {
            var matched = headers is not null &&
                          headers.TryGetValue(arguments[i].Key, out var value) &&
                          (arguments[i].Value is null || FieldValues.ContentEquals(arguments[i].Value, value));
            if (_all && !matched) return false;
            if (!_all && matched) return true;
        }
        return _all;
    }
}
