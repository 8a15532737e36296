using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Fabric.Node.Transport;

/// <summary>Gives Kestrel's socket transport <see cref="BlockMemoryPool"/>s instead of its 4 KB block pool.</summary>
internal sealed class BlockMemoryPoolFactory(int blockSize, int maxKeptBytes) : IMemoryPoolFactory<byte>
{
    /// <summary>Free blocks a pool keeps for reuse, in bytes (what a burst of connections left beyond it goes).</summary>
    public const int DefaultKeptBytes = 16 * 1024 * 1024;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) =>
        new BlockMemoryPool(blockSize, Math.Max(1, maxKeptBytes / blockSize));
}
