namespace Fabric.Broker.Routing;

/// <summary>Copy-on-write helpers for the small binding arrays held at a routing key or trie node.</summary>
internal static class BindingArrays
{
    public static int IndexOf(Binding[] bindings, Binding binding)
    {
        for (var i = 0; i < bindings.Length; i++)
        {
            if (bindings[i].Equals(binding)) return i;
        }
        return -1;
    }

    public static Binding[] Add(Binding[] bindings, Binding binding)
    {
        var copy = new Binding[bindings.Length + 1];
        Array.Copy(bindings, copy, bindings.Length);
        copy[^1] = binding;
        return copy;
    }

    public static Binding[] RemoveAt(Binding[] bindings, int index)
    {
        if (bindings.Length == 1) return [];
        var copy = new Binding[bindings.Length - 1];
        Array.Copy(bindings, 0, copy, 0, index);
        Array.Copy(bindings, index + 1, copy, index, bindings.Length - index - 1);
        return copy;
    }

    /// <summary>Appends each binding's destination unless the output already holds it.</summary>
    public static void AppendDestinations(Binding[] bindings, ICollection<Destination> output)
    {
        for (var i = 0; i < bindings.Length; i++)
        {
            var destination = bindings[i].Destination;
            if (!output.Contains(destination)) output.Add(destination);
        }
    }
}
