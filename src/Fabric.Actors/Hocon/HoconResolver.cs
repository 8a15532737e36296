namespace Fabric.Hocon;

/// <summary>Resolves substitutions against the whole merged root. Values at root paths are resolved once and
/// cached by path; a path met again while it is being resolved is a cycle.</summary>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly bool _useEnvironment;
    private readonly Dictionary<HoconPath, HoconValue?> _resolved = new();
    private readonly List<HoconPath> _inProgress = new();

    private HoconResolver(HoconObject root, bool useEnvironment)
    {
        _root = root;
        _useEnvironment = useEnvironment;
    }

    public static HoconObject Resolve(HoconObject root, bool useEnvironment)
    {
        if (!root.NeedsResolution) return root;
        try
        {
            return new HoconResolver(root, useEnvironment).ResolveObjectAt(root, HoconPath.Root);
        }
        catch (CycleException e)
        {
            throw new ConfigException(e.Message);
        }
    }

    /// <summary>Kept apart from <see cref="ConfigException"/> so optional substitutions can treat a cycle as undefined.</summary>
    private sealed class CycleException(string message) : Exception(message);

    /// <summary>The resolved value of the root field at <paramref name="path"/> whose raw value is <paramref name="raw"/>;
    /// null when it resolves to nothing (an undefined optional substitution).</summary>
    private HoconValue? ResolveField(HoconPath path, HoconValue raw)
    {
        if (_resolved.TryGetValue(path, out var done)) return done;
        if (!raw.NeedsResolution) return raw;
        if (_inProgress.Contains(path))
        {
            var chain = new List<string>();
            for (int i = _inProgress.IndexOf(path); i < _inProgress.Count; i++) chain.Add(_inProgress[i].ToString());
            chain.Add(path.ToString());
            throw new CycleException($"{raw.Origin}: cycle in substitutions: {string.Join(" -> ", chain)}");
        }
        _inProgress.Add(path);
        var result = raw is HoconObject obj ? ResolveObjectAt(obj, path) : ResolveDetached(raw);
        _inProgress.RemoveAt(_inProgress.Count - 1);
        _resolved[path] = result;
        return result;
    }

    private HoconObject ResolveObjectAt(HoconObject obj, HoconPath path)
    {
        var result = new HoconObject(obj.Origin, obj.IgnoresFallbacks);
        foreach (var field in obj.Fields)
        {
            var value = ResolveField(path.Append(field.Key), field.Value);
            if (value is not null) result.Set(field.Key, value);
        }
        return result;
    }

    /// <summary>Resolves a value that is not (or no longer) at a root path: a substitution, concatenation, merge,
    /// an earlier value captured by a self-reference, or a list element.</summary>
    private HoconValue? ResolveDetached(HoconValue value)
    {
        if (!value.NeedsResolution) return value;
        switch (value)
        {
            case HoconObject obj:
            {
                var result = new HoconObject(obj.Origin, obj.IgnoresFallbacks);
                foreach (var field in obj.Fields)
                {
                    var resolved = ResolveDetached(field.Value);
                    if (resolved is not null) result.Set(field.Key, resolved);
                }
                return result;
            }
            case HoconArray array:
            {
                var items = new List<HoconValue>(array.Count);
                foreach (var item in array.Items)
                {
                    var resolved = ResolveDetached(item);
                    if (resolved is not null) items.Add(resolved);
                }
                return new HoconArray(items.ToArray(), array.Origin);
            }
            case HoconSubstitution substitution:
                return Substitute(substitution);
            case HoconConcatenation concatenation:
            {
                var pieces = new List<HoconValue>(concatenation.Pieces.Length);
                foreach (var piece in concatenation.Pieces)
                {
                    var resolved = piece is HoconWhitespace ? piece : ResolveDetached(piece);
                    if (resolved is not null) pieces.Add(resolved);
                }
                return HoconConcatenation.Combine(pieces, concatenation.Origin);
            }
            case HoconMerge merge:
                return ResolveMerge(merge);
            case HoconPriorPath priorPath:
                return ResolvePriorPath(priorPath);
            default:
                return value;
        }
    }

    /// <summary>Resolves from the top layer down and stops at the first non-object, so values hidden by it are
    /// never evaluated (<c>foo : ${does-not-exist}, foo : ${x}</c> with x = 42 is no error).</summary>
    private HoconValue? ResolveMerge(HoconMerge merge)
    {
        HoconObject? merged = null;
        for (int i = merge.Layers.Length - 1; i >= 0; i--)
        {
            var resolved = ResolveDetached(merge.Layers[i]);
            if (resolved is null) continue; // an undefined optional substitution leaves the earlier value
            if (merged is null)
            {
                if (resolved is not HoconObject top) return resolved;
                merged = top;
            }
            else if (resolved is HoconObject lower)
            {
                merged = HoconMerger.MergeObjects(merged, lower, null);
            }
            else
            {
                break;
            }
            if (merged.IgnoresFallbacks) break;
        }
        return merged;
    }

    private HoconValue? ResolvePriorPath(HoconPriorPath priorPath)
    {
        var current = ResolveDetached(priorPath.Prior);
        foreach (var key in priorPath.Keys)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out current)) { current = null; break; }
        }
        if (current is not null || priorPath.Written.Optional) return current;
        throw new ConfigException($"{priorPath.Origin}: could not resolve substitution {priorPath.Written.Display}: " +
                                  "the earlier value of the field being defined has no such path");
    }

    private HoconValue? Substitute(HoconSubstitution substitution)
    {
        if (substitution.SelfPath is null)
        {
            int depth = _inProgress.Count;
            try
            {
                if (TryLookup(substitution.Path, out var found)) return found;
                if (substitution.FallbackPath is not null && TryLookup(substitution.FallbackPath, out found)) return found;
            }
            catch (CycleException) when (substitution.Optional)
            {
                // a cycle through an optional substitution counts as undefined rather than as an error
                _inProgress.RemoveRange(depth, _inProgress.Count - depth);
                return null;
            }
        }
        var name = (substitution.FallbackPath ?? substitution.Path).ToString();
        if (_useEnvironment && Environment.GetEnvironmentVariable(name) is { Length: > 0 } env)
            return HoconScalar.String(env, substitution.Origin);
        if (substitution.Optional) return null;
        throw new ConfigException(substitution.SelfPath is null
            ? $"{substitution.Origin}: could not resolve substitution {substitution.Display}: no such path in the configuration" +
              (_useEnvironment ? " and no environment variable " + name : "")
            : $"{substitution.Origin}: substitution {substitution.Display} refers to the field being defined, which has no earlier value");
    }

    /// <summary>Looks a path up in the root, resolving only what lies on the way.</summary>
    private bool TryLookup(HoconPath path, out HoconValue? value)
    {
        value = null;
        HoconObject current = _root;
        bool raw = true;
        for (int i = 0; i < path.Length; i++)
        {
            if (!current.TryGetValue(path.Keys[i], out var rawChild)) return false;
            bool last = i == path.Length - 1;
            HoconValue? child = rawChild;
            // objects of the raw tree are walked through unresolved, so a field may refer to a sibling
            if (raw && (last || rawChild is not HoconObject)) child = ResolveField(path.Prefix(i + 1), rawChild);
            if (child is null) return false;
            if (last)
            {
                value = child;
                return true;
            }
            if (child is not HoconObject next) return false;
            raw = raw && ReferenceEquals(child, rawChild);
            current = next;
        }
        return false;
    }
}
