namespace Fabric.Actors;

/// <summary>
/// Publish/subscribe by type: a subscriber to a type receives every event assignable to it (base types and
/// interfaces included), once per event. Actors are unsubscribed automatically when they terminate.
/// </summary>
public sealed class EventStream
{
    private readonly object _lock = new();
    private Subscription[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
        {
            var current = _subscriptions;
            foreach (var s in current)
                if (s.Channel == channel && s.Subscriber.Equals(subscriber)) return false;
            var next = new Subscription[current.Length + 1];
            current.CopyTo(next, 0);
            next[^1] = new Subscription(subscriber, channel);
            Volatile.Write(ref _subscriptions, next);
            return true;
        }
    }

    public bool Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    public bool Unsubscribe(IActorRef subscriber, Type channel) => Remove(subscriber, channel);

    /// <summary>Removes every subscription of the subscriber.</summary>
    public bool Unsubscribe(IActorRef subscriber) => Remove(subscriber, null);

    public void Publish(object evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var subscriptions = Volatile.Read(ref _subscriptions);
        for (var i = 0; i < subscriptions.Length; i++)
        {
            var s = subscriptions[i];
            if (!s.Channel.IsInstanceOfType(evt) || DeliveredEarlier(subscriptions, i, evt)) continue;
            s.Subscriber.Tell(evt, null);
        }
    }

    internal void UnsubscribeAll(IActorRef subscriber)
    {
        if (Volatile.Read(ref _subscriptions).Length > 0) Remove(subscriber, null);
    }

    private static bool DeliveredEarlier(Subscription[] subscriptions, int index, object evt)
    {
        var subscriber = subscriptions[index].Subscriber;
        for (var j = 0; j < index; j++)
        {
            var earlier = subscriptions[j];
            if (earlier.Subscriber.Equals(subscriber) && earlier.Channel.IsInstanceOfType(evt)) return true;
        }
        return false;
    }

    private bool Remove(IActorRef subscriber, Type? channel)
    {
        lock (_lock)
        {
            var current = _subscriptions;
            var kept = new List<Subscription>(current.Length);
            foreach (var s in current)
                if (!(s.Subscriber.Equals(subscriber) && (channel == null || s.Channel == channel))) kept.Add(s);
            if (kept.Count == current.Length) return false;
            Volatile.Write(ref _subscriptions, kept.ToArray());
            return true;
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
