using System.Text;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// Turns exchange, queue and vhost names (any UTF-8, up to 255 bytes) into valid actor names: letters, digits,
/// '.', '-' and '_' stay, everything else becomes %XX per UTF-8 byte.
/// </summary>
internal static class ActorNames
{
    public static string Escape(string prefix, string name)
    {
        var sb = new StringBuilder(prefix.Length + name.Length + 8);
        sb.Append(prefix);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            {
                sb.Append(c);
                continue;
            }
            var length = char.IsSurrogatePair(name, i)
                ? Encoding.UTF8.GetBytes(name.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(name.AsSpan(i, 1), utf8);
            for (var b = 0; b < length; b++) sb.Append('%').Append(utf8[b].ToString("X2"));
        }
        return sb.ToString();
    }
}
