namespace Fabric.Bench.Amqp.Client;

/// <summary>Which publish sequence numbers (1, 2, 3, ... on a channel) are confirmed. Confirms arrive single and in
/// any order, or "multiple" up to a tag; <see cref="Confirm"/> returns how many publishes each one newly settles,
/// so a tag is never counted twice. Not thread-safe.</summary>
internal sealed class ConfirmLedger
{
    private readonly HashSet<ulong> _confirmedAbove = [];
    private ulong _confirmedThrough;

    public long Confirmed { get; private set; }

    public int Confirm(ulong tag, bool multiple)
    {
        int freed = 0;
        if (multiple)
        {
            for (ulong t = _confirmedThrough + 1; t <= tag; t++)
                if (!_confirmedAbove.Remove(t)) freed++;
            if (tag > _confirmedThrough) _confirmedThrough = tag;
        }
        else if (tag > _confirmedThrough && _confirmedAbove.Add(tag))
        {
            freed = 1;
        }
        while (_confirmedAbove.Remove(_confirmedThrough + 1)) _confirmedThrough++;
        Confirmed += freed;
        return freed;
    }
}
