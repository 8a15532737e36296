namespace Fabric.Rpc.Transport.InProcess;

/// <summary>AMQP topic matching: words split by '.', '*' is exactly one word, '#' zero or more.</summary>
internal static class TopicPattern
{
    public static bool Matches(string pattern, string routingKey) =>
        Matches(pattern.Split('.'), 0, routingKey.Split('.'), 0);

    private static bool Matches(string[] pattern, int p, string[] key, int k)
    {
        while (p < pattern.Length)
        {
            if (pattern[p] == "#")
            {
                for (int skip = k; skip <= key.Length; skip++)
                {
                    if (Matches(pattern, p + 1, key, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (k >= key.Length || (pattern[p] != "*" && pattern[p] != key[k]))
            {
                return false;
            }

            p++;
            k++;
        }

        return k == key.Length;
    }
}
