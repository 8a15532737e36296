namespace Fabric.Actors.Tests.Routing;

/// <summary>The reference topic matcher: the definition, recursively over word lists, no tricks.</summary>
internal static class TopicModel
{
    // RabbitMQ: the empty key (or pattern) has no words; otherwise words are what lies between the dots.
    public static string[] Words(string s) => s.Length == 0 ? [] : s.Split('.');

    public static bool Matches(string pattern, string key) => Matches(Words(pattern), 0, Words(key), 0);

    private static bool Matches(string[] p, int i, string[] k, int j)
    {
        if (i == p.Length) return j == k.Length;
        if (p[i] == "#") return Matches(p, i + 1, k, j) || (j < k.Length && Matches(p, i, k, j + 1));
        if (j == k.Length) return false;
        return (p[i] == "*" || p[i] == k[j]) && Matches(p, i + 1, k, j + 1);
    }
}
