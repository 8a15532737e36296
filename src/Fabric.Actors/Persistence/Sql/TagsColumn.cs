namespace Fabric.Persistence.Sql;

/// <summary>Tags are stored like Akka.Persistence.Sql does: one text column, ";a;b;" (null when none).</summary>
internal static class TagsColumn
{
    private const char Separator = ';';

    internal static object Encode(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0) return DBNull.Value;
        var length = 1;
        for (var i = 0; i < tags.Count; i++) length += tags[i].Length + 1;
        return string.Create(length, tags, static (span, t) =>
        {
            var at = 0;
            span[at++] = Separator;
            for (var i = 0; i < t.Count; i++)
            {
                if (t[i].Contains(Separator)) throw new ArgumentException($"A tag may not contain '{Separator}': '{t[i]}'.");
                t[i].AsSpan().CopyTo(span[at..]);
                at += t[i].Length;
                span[at++] = Separator;
            }
        });
    }

    internal static IReadOnlyList<string>? Decode(string? column) =>
        string.IsNullOrEmpty(column) ? null : column.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
}
