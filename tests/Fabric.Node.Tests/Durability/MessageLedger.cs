namespace Fabric.Node.Tests.Durability;

/// <summary>
/// Every message published in one test, over all node lives, with what the client learned of it (confirms,
/// deliveries, acks, barriers, purges), and a trigger (<see cref="Until"/>): a condition over the ledger that completes
/// a task the moment it holds, which is how tests kill at a precise point. Thread-safe (publishers and consumers run
/// concurrently).
/// </summary>
public sealed class MessageLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<(int Publisher, int Sequence), LedgerEntry> _entries = new();
    private int _nextPublisher = 1;
    private Func<MessageLedger, bool>? _condition;
    private TaskCompletionSource _holds = NewSignal();

    /// <summary>Confirms of messages that must survive.</summary>
    public int DurableConfirms { get; private set; }

    /// <summary>Publishes sent and neither confirmed nor nacked.</summary>
    public int Outstanding { get; private set; }

    public int Published { get; private set; }

    public int Deliveries { get; private set; }

    public int AcksSent { get; private set; }

    public int NewPublisherId()
    {
        lock (_gate) return _nextPublisher++;
    }

    /// <summary>Completes (on another thread) as soon as <paramref name="condition"/> holds; replaces an earlier one.</summary>
    public Task Until(Func<MessageLedger, bool> condition)
    {
        lock (_gate)
        {
            _condition = condition;
            _holds = NewSignal();
            Check();
            return _holds.Task;
        }
    }

    public LedgerEntry Add(int publisher, int sequence, MessageKind kind)
    {
        var entry = new LedgerEntry(publisher, sequence, kind);
        lock (_gate)
        {
            _entries.Add((publisher, sequence), entry);
            Published++;
            Outstanding++;
            Check();
        }
        return entry;
    }

    public void Confirmed(LedgerEntry entry, bool ack)
    {
        lock (_gate)
        {
            if (entry.Confirmed || entry.Nacked) return;
            if (ack) entry.Confirmed = true;
            else entry.Nacked = true;
            Outstanding--;
            if (ack && entry.Durable) DurableConfirms++;
            Check();
        }
    }

    /// <summary>Records a delivery to our consumer; null when the body is not an intact ledger message.</summary>
    public LedgerEntry? Delivered(ReadOnlySpan<byte> body)
    {
        if (!MessageBody.TryRead(body, out var publisher, out var sequence)) return null;
        lock (_gate)
        {
            if (!_entries.TryGetValue((publisher, sequence), out var entry)) return null;
            entry.Delivered = true;
            Deliveries++;
            Check();
            return entry;
        }
    }

    public void AckSent(LedgerEntry entry)
    {
        lock (_gate)
        {
            entry.AckSent = true;
            AcksSent++;
            Check();
        }
    }

    /// <summary>A barrier completed: every delivery and ack so far is on disk.</summary>
    public void Settle()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Delivered) entry.DeliverySettled = true;
                if (entry.AckSent) entry.AckSettled = true;
            }
        }
    }

    /// <summary>queue.purge-ok of the main queue: everything in it so far is gone for good.</summary>
    public void PurgedMain()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
                if (entry.SurvivesIn(KillTopology.Main)) entry.Purged = true;
        }
    }

    /// <summary>Publishes that were never answered are answered by the kill: they stay unconfirmed.</summary>
    public void Killed()
    {
        lock (_gate) Outstanding = 0;
    }

    public LedgerEntry? Find(int publisher, int sequence)
    {
        lock (_gate) return _entries.GetValueOrDefault((publisher, sequence));
    }

    /// <summary>
    /// Checks what a drained durable queue held after the last restart against the ledger; appends one line per
    /// violation. <paramref name="neverConsumed"/>: no consumer ever took from the queue, so nothing may be redelivered.
    /// </summary>
    public void Verify(string queue, IReadOnlyList<ReceivedMessage> received, bool neverConsumed, List<string> violations)
    {
        lock (_gate)
        {
            var main = queue == KillTopology.Main; // the only queue whose deliveries, acks and purges are tracked
            var seen = new Dictionary<LedgerEntry, int>();
            foreach (var message in received)
            {
                if (!MessageBody.TryRead(message.Body, out var publisher, out var sequence)
                    || !_entries.TryGetValue((publisher, sequence), out var entry))
                {
                    violations.Add($"{queue}: a corrupt or unknown message of {message.Body.Length} bytes");
                    continue;
                }
                var times = seen[entry] = seen.GetValueOrDefault(entry) + 1;
                if (times == 2) violations.Add($"{queue}: duplicate {entry}");
                if (!entry.SurvivesIn(queue)) violations.Add($"{queue}: must not have survived: {entry}");
                else if (main && entry.AckSettled) violations.Add($"{queue}: acked (and settled) but came back: {entry}");
                else if (main && entry.Purged) violations.Add($"{queue}: purged but came back: {entry}");
                if (main && entry.DeliverySettled && !message.Redelivered)
                    violations.Add($"{queue}: delivered before the kill but came back with redelivered=false: {entry}");
                else if (main && entry.Delivered && !message.Redelivered) UnflaggedRedeliveries++;
                if (neverConsumed && message.Redelivered)
                    violations.Add($"{queue}: never delivered but came back with redelivered=true: {entry}");
            }
            foreach (var entry in _entries.Values)
            {
                if (!entry.SurvivesIn(queue) || seen.ContainsKey(entry) || (main && (entry.AckSent || entry.Purged))) continue;
                if (entry.Confirmed) violations.Add($"{queue}: confirmed message lost: {entry}");
                else if (main && entry.DeliverySettled) violations.Add($"{queue}: delivered (settled) message lost: {entry}");
            }
        }
    }

    /// <summary>Delivered to our consumer but not settled by a barrier, and back with redelivered=false (allowed: the
    /// delivery record was not on disk yet; counted for the log).</summary>
    public int UnflaggedRedeliveries { get; private set; }

    /// <summary>Counts for the test log.</summary>
    public string Summary()
    {
        lock (_gate)
        {
            int confirmed = 0, nacked = 0, persistent = 0;
            foreach (var entry in _entries.Values)
            {
                if (entry.Confirmed) confirmed++;
                if (entry.Nacked) nacked++;
                if (entry.Durable) persistent++;
            }
            return $"published {Published} ({persistent} persistent to durable queues), confirmed {confirmed} " +
                   $"({DurableConfirms} durable), nacked {nacked}, delivered {Deliveries}, acks sent {AcksSent}, " +
                   $"back unflagged {UnflaggedRedeliveries}";
        }
    }

    /// <summary>A few publishes never answered, for failure messages.</summary>
    public string Unanswered()
    {
        lock (_gate)
        {
            var list = new List<string>();
            foreach (var entry in _entries.Values)
                if (!entry.Confirmed && !entry.Nacked && list.Count < 10) list.Add(entry.ToString());
            return string.Join("; ", list);
        }
    }

    private void Check()
    {
        if (_condition is { } condition && !_holds.Task.IsCompleted && condition(this)) _holds.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
