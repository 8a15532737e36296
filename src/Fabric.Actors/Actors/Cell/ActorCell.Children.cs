using System.Text;

namespace Fabric.Actors.Cell;

internal sealed partial class ActorCell
{
    // Read from other threads (ActorOf on the guardian, path lookup), so guarded by a lock; not a hot path. The lock
    // is the mailbox, which nothing else locks: one object less per actor.
    private object ChildrenLock => _mailbox;
    private Dictionary<string, ChildEntry>? _children;
    private long _nextChildId;

    public IEnumerable<IActorRef> Children
    {
        get
        {
            lock (ChildrenLock)
            {
                if (_children == null || _children.Count == 0) return [];
                var list = new List<IActorRef>(_children.Count);
                foreach (var entry in _children.Values) list.Add(entry.Ref);
                return list;
            }
        }
    }

    public IActorRef? Child(string name) => ChildRef(name);

    internal LocalActorRef? ChildRef(string name)
    {
        lock (ChildrenLock)
            return _children != null && _children.TryGetValue(name, out var entry) ? entry.Ref : null;
    }

    public IActorRef ActorOf(Props props, string? name = null) => ActorOfInternal(props, name);

    internal LocalActorRef ActorOfInternal(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name == null) name = GenerateName();
        else ValidateName(name);
        ActorCell child;
        bool parentStopping;
        lock (ChildrenLock)
        {
            _children ??= new Dictionary<string, ChildEntry>(StringComparer.Ordinal);
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException($"Actor name [{name}] is not unique under [{_self.Path}]");
            child = new ActorCell(_system, _self.Path.Child(name), props, _self);
            var entry = new ChildEntry(child.SelfRef);
            _children.Add(name, entry);
            parentStopping = _state >= StateTerminating;
            if (parentStopping) entry.Stopping = true;
        }
        child.Start();
        if (parentStopping) child.SelfRef.SendSystem(new Terminate());
        return child.SelfRef;
    }

    public void Stop(IActorRef actor)
    {
        var target = ActorRefs.Resolve(actor);
        if (target == null) return;
        var entry = FindChild(target);
        if (entry != null) entry.Stopping = true;
        target.SendSystem(new Terminate());
    }

    internal ChildEntry? FindChild(InternalActorRef actor)
    {
        lock (ChildrenLock)
        {
            return _children != null && _children.TryGetValue(actor.Path.Name, out var entry) && ReferenceEquals(entry.Ref, actor)
                ? entry
                : null;
        }
    }

    internal List<ChildEntry> ChildEntries()
    {
        lock (ChildrenLock)
            return _children == null ? [] : [.. _children.Values];
    }

    private bool RemoveChild(InternalActorRef actor)
    {
        lock (ChildrenLock)
        {
            if (_children == null || !_children.TryGetValue(actor.Path.Name, out var entry) || !ReferenceEquals(entry.Ref, actor))
                return false;
            _children.Remove(actor.Path.Name);
            return true;
        }
    }

    private bool HasChildren
    {
        get
        {
            lock (ChildrenLock) return _children != null && _children.Count > 0;
        }
    }

    private bool HasStoppingChildren
    {
        get
        {
            lock (ChildrenLock)
            {
                if (_children == null) return false;
                foreach (var entry in _children.Values)
                    if (entry.Stopping) return true;
                return false;
            }
        }
    }

    private string GenerateName()
    {
        var n = Interlocked.Increment(ref _nextChildId) - 1;
        var sb = new StringBuilder("$");
        var start = sb.Length;
        do
        {
            sb.Insert(start, (char)('a' + (int)(n % 26)));
            n /= 26;
        } while (n > 0);
        return sb.ToString();
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0) throw new InvalidActorNameException("Actor name must not be empty");
        if (name[0] == '$') throw new InvalidActorNameException($"Actor name [{name}] must not start with '$'");
        foreach (var c in name)
            if (c == '/' || char.IsWhiteSpace(c) || c == '#' || c == '?')
                throw new InvalidActorNameException($"Invalid character [{c}] in actor name [{name}]");
    }
}
