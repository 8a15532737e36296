namespace Fabric.Hocon;

/// <summary>The duplicate-key rule, used both for repeated keys in a file and for <see cref="Config.WithFallback"/>:
/// objects merge, anything else replaces, and a self-referential substitution takes the earlier value.</summary>
internal static class HoconMerger
{
    /// <summary>The value of a field at <paramref name="path"/> defined as <paramref name="higher"/> on top of the
    /// earlier <paramref name="lower"/>. Never mutates its inputs. A null path (inside lists) fills no self-references.</summary>
    public static HoconValue MergeOver(HoconValue higher, HoconValue lower, HoconPath? path)
    {
        if (higher is HoconObject higherObject)
        {
            if (higherObject.IgnoresFallbacks) return higher;
            if (lower is HoconObject lowerObject) return MergeObjects(higherObject, lowerObject, path);
            if (lower.Type == HoconValueType.Unresolved) return Stack(lower, higher);
            return new HoconObject(higherObject, ignoresFallbacks: true);
        }
        if (higher.Type != HoconValueType.Unresolved) return higher;
        if (path is not null && ContainsSelfReference(higher, path)) return FillSelfReferences(higher, path, lower);
        return Stack(lower, higher);
    }

    public static HoconObject MergeObjects(HoconObject higher, HoconObject lower, HoconPath? path)
    {
        if (higher.IgnoresFallbacks) return higher;
        var result = new HoconObject(lower);
        foreach (var field in higher.Fields)
        {
            var value = result.TryGetValue(field.Key, out var existing)
                ? MergeOver(field.Value, existing, path?.Append(field.Key))
                : field.Value;
            result.Set(field.Key, value);
        }
        return result;
    }

    /// <summary>Sets a field of an object under construction, applying the duplicate-key rule.</summary>
    public static void SetField(HoconObject target, string key, HoconValue value, HoconPath? path) =>
        target.Set(key, target.TryGetValue(key, out var existing) ? MergeOver(value, existing, path) : value);

    private static HoconMerge Stack(HoconValue lower, HoconValue higher)
    {
        var layers = new List<HoconValue>();
        if (lower is HoconMerge lowerMerge) layers.AddRange(lowerMerge.Layers);
        else layers.Add(lower);
        if (higher is HoconMerge higherMerge) layers.AddRange(higherMerge.Layers);
        else layers.Add(higher);
        return new HoconMerge(layers.ToArray());
    }

    private static bool ContainsSelfReference(HoconValue value, HoconPath path)
    {
        switch (value)
        {
            case HoconSubstitution s:
                return s.SelfPath is not null && s.SelfPath.Equals(path);
            case HoconPriorPath:
                return false;
            case HoconConcatenation c:
                foreach (var piece in c.Pieces)
                    if (ContainsSelfReference(piece, path)) return true;
                return false;
            case HoconMerge m:
                foreach (var layer in m.Layers)
                    if (ContainsSelfReference(layer, path)) return true;
                return false;
            case HoconArray a:
                foreach (var item in a.Items)
                    if (ContainsSelfReference(item, path)) return true;
                return false;
            default:
                return false;
        }
    }

    private static HoconValue FillSelfReferences(HoconValue value, HoconPath path, HoconValue prior)
    {
        switch (value)
        {
            case HoconSubstitution s when s.SelfPath is not null && s.SelfPath.Equals(path):
                return s.Path.Length == path.Length ? prior : new HoconPriorPath(prior, s.Path.Keys[path.Length..], s);
            case HoconConcatenation c:
                return new HoconConcatenation(FillAll(c.Pieces, path, prior), c.Origin);
            case HoconMerge m:
                return new HoconMerge(FillAll(m.Layers, path, prior));
            case HoconArray a when a.NeedsResolution:
                return new HoconArray(FillAll(a.Items, path, prior), a.Origin);
            default:
                return value;
        }
    }

    private static HoconValue[] FillAll(HoconValue[] values, HoconPath path, HoconValue prior)
    {
        var result = new HoconValue[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = FillSelfReferences(values[i], path, prior);
        return result;
    }
}
