namespace Fabric.Broker.Routing;

/// <summary>
/// Topic exchange as a persistent trie of pattern words. Words are separated by '.'; '*' matches exactly one
/// word, '#' zero or more; empty words are words ("a..b" has three). As in RabbitMQ, the empty key has no words
/// at all: "" and "#" match it, "*" does not.
/// </summary>
internal sealed class TopicRoutingTable : IRoutingTable
{
    public static readonly TopicRoutingTable Empty = new(TopicNode.Empty, 0);

    private readonly TopicNode _root;

    private TopicRoutingTable(TopicNode root, int count)
    {
        _root = root;
        Count = count;
    }

    public string ExchangeType => Routing.ExchangeType.Topic;

    public int Count { get; }

    public IEnumerable<Binding> Bindings
    {
        get
        {
            var all = new List<Binding>(Count);
            _root.Collect(all);
            return all;
        }
    }

    public bool Contains(Binding binding) =>
        _root.Find(Words(binding.RoutingKey), 0) is { } node && BindingArrays.IndexOf(node.Terminal, binding) >= 0;

    public void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ICollection<Destination> output) =>
        _root.Match(routingKey, routingKey.Length == 0, output);

    public IRoutingTable WithBinding(Binding binding)
    {
        var words = Words(binding.RoutingKey);
        if (_root.Find(words, 0) is { } node && BindingArrays.IndexOf(node.Terminal, binding) >= 0) return this;
        return new TopicRoutingTable(TopicNode.Add(_root, words, 0, binding), Count + 1);
    }

    public IRoutingTable WithoutBinding(Binding binding)
    {
        var words = Words(binding.RoutingKey);
        if (_root.Find(words, 0) is not { } node || BindingArrays.IndexOf(node.Terminal, binding) < 0) return this;
        return Count == 1 ? Empty : new TopicRoutingTable(TopicNode.Remove(_root, words, 0, binding) ?? TopicNode.Empty, Count - 1);
    }

    internal static string[] Words(string pattern) => pattern.Length == 0 ? [] : pattern.Split('.');
}
