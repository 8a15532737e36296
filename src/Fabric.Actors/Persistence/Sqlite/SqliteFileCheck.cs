using System.Buffers.Binary;

namespace Fabric.Persistence.Sqlite;

/// <summary>
/// Checks an existing SQLite file's header before SQLite touches it, so a foreign or truncated file gives a clear
/// error instead of being silently "repaired" or half-read.
/// </summary>
internal static class SqliteFileCheck
{
    private const int HeaderSize = 100;
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    internal static void ThrowIfDamaged(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0) return; // a new store

        var header = new byte[HeaderSize];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        }

        if (read < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Damaged(path, "is not a SQLite database (bad file header)");
        if (read < HeaderSize)
            throw Damaged(path, $"is truncated: {info.Length} bytes, shorter than the {HeaderSize}-byte SQLite header");

        var pageSize = (int)BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        if (pageSize == 1) pageSize = 65536;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            throw Damaged(path, $"has an invalid page size {pageSize} in its header");

        // A crash during a checkpoint can leave the file short of what its header says; SQLite repairs that from
        // the WAL it left behind, so size checks apply only without one (quick_check still runs).
        var wal = new FileInfo(path + "-wal");
        if (wal.Exists && wal.Length > 0) return;

        if (info.Length % pageSize != 0)
            throw Damaged(path, $"is truncated: {info.Length} bytes is not a whole number of {pageSize}-byte pages");

        // The page count in the header is trustworthy only when its "version valid for" matches the change counter.
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24));
        var pageCount = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        var expected = (long)pageCount * pageSize;
        if (validFor == changeCounter && pageCount > 0 && info.Length < expected)
        {
            throw Damaged(
                path,
                $"is truncated: its header says {pageCount} pages ({expected} bytes) but the file has {info.Length} bytes");
        }
    }

    internal static PersistenceStartupException Damaged(string path, string what, Exception? inner = null)
    {
        var message = $"SQLite store '{path}' {what}. Restore it from a backup or move it away to start empty.";
        return inner is null ? new PersistenceStartupException(message) : new PersistenceStartupException(message, inner);
    }
}
