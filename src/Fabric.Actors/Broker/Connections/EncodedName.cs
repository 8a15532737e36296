using System.Text;

namespace Fabric.Broker.Connections;

/// <summary>The UTF-8 bytes of the last string asked for: re-encoded (into the same buffer) only when another name
/// comes. Publishers intern their names, so a run of deliveries mostly passes the very same instance.</summary>
internal sealed class EncodedName
{
    private string _name = string.Empty;
    private byte[] _buffer = new byte[32];
    private int _length;

    public ReadOnlySpan<byte> Get(string name)
    {
        if (!ReferenceEquals(name, _name))
        {
            _name = name;
            int max = Encoding.UTF8.GetMaxByteCount(name.Length);
            if (max > _buffer.Length)
            {
                _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
            }

            _length = Encoding.UTF8.GetBytes(name, _buffer);
        }

        return _buffer.AsSpan(0, _length);
    }
}
