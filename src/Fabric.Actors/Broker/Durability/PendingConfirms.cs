using Fabric.Actors;
using Fabric.Broker.Contracts;

namespace Fabric.Broker.Durability;

/// <summary>
/// Positive publisher confirms a durable queue holds back until a journal write is durable, sent as one
/// <see cref="QueuePublishConfirmedRuns"/> per publishing connection (runs of consecutive sequence numbers per
/// channel: a publisher's messages arrive in order, so a batch is usually one run) to publishers that asked for runs,
/// one <see cref="QueuePublishConfirmed"/> per publish to the others; then other replies that wait for the same write
/// (purge-ok), in the order they were added. Single-threaded, like the actor.
/// </summary>
internal sealed class PendingConfirms
{
    private readonly List<Target> _targets = [];
    private readonly List<(IActorRef To, object Reply)> _replies = [];
    private int _used;

    /// <summary>Confirms held (replies not counted).</summary>
    public int Count { get; private set; }

    /// <summary>Nothing held: no confirm, no reply.</summary>
    public bool IsEmpty => Count == 0 && _replies.Count == 0;

    /// <summary>A reply sent after this write's confirms.</summary>
    public void AddReply(IActorRef to, object reply) => _replies.Add((to, reply));

    public void Add(IActorRef to, ushort channel, ulong seqNo, bool inRuns = true)
    {
        Count++;
        // Publishers rarely interleave within a batch: the last target is usually the one.
        for (var i = _used - 1; i >= 0; i--)
        {
            var target = _targets[i];
            if (ReferenceEquals(target.To, to))
            {
                target.Add(channel, seqNo);
                return;
            }
        }
        if (_used == _targets.Count) _targets.Add(new Target());
        var fresh = _targets[_used++];
        fresh.To = to;
        fresh.InRuns = inRuns;
        fresh.Add(channel, seqNo);
    }

    /// <summary>Sends everything held (confirms: one message per connection), then the replies, and empties the set.</summary>
    public void SendAll(IActorRef sender)
    {
        for (var i = 0; i < _used; i++)
        {
            var target = _targets[i];
            if (target.InRuns) target.To!.Tell(new QueuePublishConfirmedRuns(target.Runs.ToArray()), sender);
            else target.TellEach(ack: true, sender);
            target.Reset();
        }
        for (var i = 0; i < _replies.Count; i++) _replies[i].To.Tell(_replies[i].Reply, sender);
        Reset();
    }

    /// <summary>
    /// The write failed: every held confirm goes out as a nack (basic.nack, as RabbitMQ does when a queue fails), so
    /// publishers learn at once that those messages are not safe and can publish them again; the held replies are
    /// dropped (their operations time out on the channel). Empties the set.
    /// </summary>
    public void NackAll(IActorRef sender)
    {
        for (var i = 0; i < _used; i++)
        {
            _targets[i].TellEach(ack: false, sender);
            _targets[i].Reset();
        }
        Reset();
    }

    private void Reset()
    {
        _used = 0;
        Count = 0;
        _replies.Clear();
    }

    private sealed class Target
    {
        public IActorRef? To;
        public bool InRuns;
        public readonly List<ConfirmRun> Runs = [];

        /// <summary>One <see cref="QueuePublishConfirmed"/> per held publish.</summary>
        public void TellEach(bool ack, IActorRef sender)
        {
            foreach (var run in Runs)
                for (var seq = run.First; seq <= run.Last; seq++) To!.Tell(new QueuePublishConfirmed(run.Channel, seq, ack), sender);
        }

        public void Reset()
        {
            To = null;
            Runs.Clear();
        }

        public void Add(ushort channel, ulong seqNo)
        {
            if (Runs.Count > 0)
            {
                var last = Runs[^1];
                if (last.Channel == channel && last.Last + 1 == seqNo)
                {
                    Runs[^1] = last with { Last = seqNo };
                    return;
                }
            }
            Runs.Add(new ConfirmRun(channel, seqNo, seqNo));
        }
    }
}
