using Fabric.Node.Transport;
using Xunit;

namespace Fabric.Node.Tests.Transport;

public sealed class BlockMemoryPoolTests
{
    [Fact]
    public void Every_rent_is_a_whole_block_whatever_the_hint()
    {
        using var pool = new BlockMemoryPool(65536, maxKept: 4);
        using var small = pool.Rent(10);
        using var any = pool.Rent();
        Assert.Equal(65536, small.Memory.Length);
        Assert.Equal(65536, any.Memory.Length);
        Assert.Equal(65536, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(65537));
    }

    [Fact]
    public void Returned_blocks_are_reused_up_to_the_kept_count()
    {
        using var pool = new BlockMemoryPool(4096, maxKept: 2);
        var rented = new[] { pool.Rent(), pool.Rent(), pool.Rent() };
        var arrays = rented.Select(r => r.Memory).ToArray();
        foreach (var r in rented) r.Dispose();

        // Two were kept (the third went to the GC): the next two rents reuse them, the third is new.
        var again = new[] { pool.Rent(), pool.Rent(), pool.Rent() };
        int reused = again.Count(a => arrays.Take(2).Any(m => m.Equals(a.Memory)));
        Assert.Equal(2, reused);
        Assert.DoesNotContain(again, a => a.Memory.Equals(arrays[2]));
    }
}
