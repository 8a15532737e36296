using System.Security.Cryptography;
using System.Text;

namespace Fabric.Broker.Security;

/// <summary>
/// A salted SHA-256 hash of a password, kept (and stored) instead of the password; verified in constant time.
/// </summary>
internal sealed class PasswordHash
{
    private const int SaltSize = 16;
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(byte[] salt, byte[] hash)
    {
        _salt = salt;
        _hash = hash;
    }

    public ReadOnlyMemory<byte> Salt => _salt;

    public ReadOnlyMemory<byte> Hash => _hash;

    public static PasswordHash Create(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        return new PasswordHash(salt, Compute(salt, password));
    }

    /// <summary>A hash read back from the store.</summary>
    public static PasswordHash FromStored(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
            throw new ArgumentException($"a password hash has {SHA256.HashSizeInBytes} bytes, not {hash.Length}", nameof(hash));
        return new PasswordHash(salt.ToArray(), hash.ToArray());
    }

    public bool Verify(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return CryptographicOperations.FixedTimeEquals(Compute(_salt, password), _hash);
    }

    private static byte[] Compute(byte[] salt, string password)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(password)];
        salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(password, 0, password.Length, bytes, salt.Length);
        var hash = SHA256.HashData(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return hash;
    }
}
