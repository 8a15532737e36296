using System.Buffers;
using System.Collections.Concurrent;

namespace Fabric.Node.Transport;

/// <summary>
/// The socket transport's buffers: pinned blocks of one size, larger than Kestrel's 4 KB. The transport reads into
/// one block per <c>recv</c>, so the block size bounds a read: a 1 MB message body took ~256 reads (and as many read
/// loop turns and TCP window updates) with 4 KB blocks. Small messages cost the same: a read takes what is there.
/// Returned blocks are kept for reuse up to <paramref name="maxKept"/>; more go to the GC.
/// </summary>
internal sealed class BlockMemoryPool(int blockSize, int maxKept) : MemoryPool<byte>
{
    private readonly ConcurrentQueue<Block> _free = new();
    private int _kept;

    public override int MaxBufferSize => blockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, blockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _kept);
            return block;
        }

        return new Block(this, GC.AllocateUninitializedArray<byte>(blockSize, pinned: true));
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _kept) <= maxKept)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _kept);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _free.Clear();
    }

    private sealed class Block(BlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => array;

        public void Dispose() => pool.Return(this);
    }
}
