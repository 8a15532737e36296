namespace Fabric.Hocon;

/// <summary>One lexical token; <see cref="Text"/> is the unescaped content (or the path expression of a substitution).</summary>
internal readonly record struct HoconToken(HoconTokenKind Kind, string Text, int Line, int Column, bool Optional = false)
{
    public bool IsValueStart => Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted
        or HoconTokenKind.Substitution or HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.End => "end of input",
        HoconTokenKind.Newline => "newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.Comma => "','",
        HoconTokenKind.Colon => "':'",
        HoconTokenKind.Equals => "'='",
        HoconTokenKind.PlusEquals => "'+='",
        HoconTokenKind.OpenBrace => "'{'",
        HoconTokenKind.CloseBrace => "'}'",
        HoconTokenKind.OpenBracket => "'['",
        HoconTokenKind.CloseBracket => "']'",
        HoconTokenKind.Substitution => "'${" + (Optional ? "?" : "") + Text + "}'",
        _ => "'" + Text + "'",
    };
}
