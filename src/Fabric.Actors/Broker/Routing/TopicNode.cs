namespace Fabric.Broker.Routing;

/// <summary>
/// One immutable node of the topic trie: edges by literal word, a '*' edge, a '#' edge, and the bindings whose
/// pattern ends here. Updates copy the path from the root (the word maps copy one shard each).
/// </summary>
internal sealed class TopicNode
{
    public static readonly TopicNode Empty = new(WordMap<TopicNode>.Empty, null, null, []);

    public TopicNode(WordMap<TopicNode> children, TopicNode? star, TopicNode? hash, Binding[] terminal)
    {
        Children = children;
        Star = star;
        Hash = hash;
        Terminal = terminal;
    }

    public WordMap<TopicNode> Children { get; }

    public TopicNode? Star { get; }

    public TopicNode? Hash { get; }

    public Binding[] Terminal { get; }

    private bool IsEmpty => Terminal.Length == 0 && Star is null && Hash is null && Children.Count == 0;

    public TopicNode? Find(string[] words, int index)
    {
        var node = this;
        for (var i = index; i < words.Length && node is not null; i++)
        {
            node = words[i] switch
            {
                "*" => node.Star,
                "#" => node.Hash,
                var word => node.Children.GetValueOrDefault(word),
            };
        }
        return node;
    }

    public static TopicNode Add(TopicNode? node, string[] words, int index, Binding binding)
    {
        node ??= Empty;
        if (index == words.Length)
        {
            return new TopicNode(node.Children, node.Star, node.Hash, BindingArrays.Add(node.Terminal, binding));
        }
        var word = words[index];
        return word switch
        {
            "*" => new TopicNode(node.Children, Add(node.Star, words, index + 1, binding), node.Hash, node.Terminal),
            "#" => new TopicNode(node.Children, node.Star, Add(node.Hash, words, index + 1, binding), node.Terminal),
            _ => new TopicNode(
                node.Children.SetItem(word, Add(node.Children.GetValueOrDefault(word), words, index + 1, binding)),
                node.Star, node.Hash, node.Terminal),
        };
    }

    /// <summary>The node without the binding (which must be present below it); null when nothing remains.</summary>
    public static TopicNode? Remove(TopicNode node, string[] words, int index, Binding binding)
    {
        TopicNode result;
        if (index == words.Length)
        {
            var terminal = BindingArrays.RemoveAt(node.Terminal, BindingArrays.IndexOf(node.Terminal, binding));
            result = new TopicNode(node.Children, node.Star, node.Hash, terminal);
        }
        else
        {
            var word = words[index];
            result = word switch
            {
                "*" => new TopicNode(node.Children, Remove(node.Star!, words, index + 1, binding), node.Hash, node.Terminal),
                "#" => new TopicNode(node.Children, node.Star, Remove(node.Hash!, words, index + 1, binding), node.Terminal),
                _ => new TopicNode(RemoveChild(node.Children, word, words, index, binding), node.Star, node.Hash, node.Terminal),
            };
        }
        return result.IsEmpty ? null : result;
    }

    private static WordMap<TopicNode> RemoveChild(WordMap<TopicNode> children, string word, string[] words, int index, Binding binding)
    {
        var child = Remove(children.GetValueOrDefault(word)!, words, index + 1, binding);
        return child is null ? children.Remove(word) : children.SetItem(word, child);
    }

    /// <summary>
    /// Matches the remaining key words against this node. <paramref name="rest"/> holds the words not yet
    /// consumed, separated by '.'; <paramref name="done"/> says no word remains (an empty rest alone does not:
    /// it may be one empty word). Recursion over spans: no allocation.
    /// </summary>
    public void Match(ReadOnlySpan<char> rest, bool done, ICollection<Destination> output)
    {
        if (Hash is { } hash)
        {
            // '#' takes zero or more words: continue after it from here and after each following word.
            var r = rest;
            var d = done;
            while (true)
            {
                hash.Match(r, d, output);
                if (d) break;
                var skip = r.IndexOf('.');
                if (skip < 0) d = true;
                else r = r[(skip + 1)..];
            }
        }
        if (done)
        {
            if (Terminal.Length != 0) BindingArrays.AppendDestinations(Terminal, output);
            return;
        }
        var dot = rest.IndexOf('.');
        var word = dot < 0 ? rest : rest[..dot];
        var next = dot < 0 ? default : rest[(dot + 1)..];
        var nextDone = dot < 0;
        Star?.Match(next, nextDone, output);
        if (Children.Count != 0 && Children.TryGetValue(word, out var child)) child.Match(next, nextDone, output);
    }

    public void Collect(List<Binding> into)
    {
        into.AddRange(Terminal);
        Star?.Collect(into);
        Hash?.Collect(into);
        foreach (var pair in Children.Entries) pair.Value.Collect(into);
    }
}
