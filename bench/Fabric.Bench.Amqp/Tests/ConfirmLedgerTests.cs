using Fabric.Bench.Amqp.Client;
using FsCheck;
using FsCheck.Fluent;

namespace Fabric.Bench.Amqp.Tests;

public class ConfirmLedgerTests
{
    [Fact]
    public void Multiple_settles_everything_up_to_the_tag_once()
    {
        var ledger = new ConfirmLedger();
        Assert.Equal(1, ledger.Confirm(3, multiple: false));
        Assert.Equal(4, ledger.Confirm(5, multiple: true)); // 1, 2, 4, 5 (3 was already settled)
        Assert.Equal(0, ledger.Confirm(2, multiple: false));
        Assert.Equal(0, ledger.Confirm(5, multiple: true));
        Assert.Equal(5, ledger.Confirmed);
        Assert.Equal(5, ledger.Confirm(10, multiple: true));
        Assert.Equal(10, ledger.Confirmed);
    }

    [Fact]
    public void Any_order_of_single_and_multiple_confirms_settles_each_publish_exactly_once()
    {
        // A confirm sequence: tags in random order, each single or (sometimes) "multiple", possibly repeated.
        var confirms = Gen.ListOf(Gen.Zip(Gen.Choose(1, 60), Gen.Elements(false, false, true)));
        Prop.ForAll(confirms.ToArbitrary(), list =>
        {
            var ledger = new ConfirmLedger();
            var settled = new HashSet<int>();
            long freed = 0;
            foreach (var (tag, multiple) in list)
            {
                freed += ledger.Confirm((ulong)tag, multiple);
                if (multiple) for (int t = 1; t <= tag; t++) settled.Add(t);
                else settled.Add(tag);
            }
            return freed == settled.Count && ledger.Confirmed == settled.Count;
        }).QuickCheckThrowOnFailure();
    }
}
