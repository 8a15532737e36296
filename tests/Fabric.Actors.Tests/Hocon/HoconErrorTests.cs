using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>Malformed input reports file, line and column.</summary>
public class HoconErrorTests
{
    private static HoconParseException Fail(string text) =>
        Assert.Throws<HoconParseException>(() => ConfigFactory.ParseString(text, "fabric.conf"));

    [Fact]
    public void Missing_separator_after_key()
    {
        var e = Fail("fabric {\n  amqp {\n    port }\n}");
        Assert.Equal("fabric.conf", e.FileName);
        Assert.Equal((3, 10), (e.Line, e.Column));
        Assert.Equal("fabric.conf:3:10: expected '=' or ':' or '{' after key 'port' but found '}'", e.Message);
    }

    [Theory]
    [InlineData("a = 1\nb = ", 2, 5, "expected a value for 'b' but found end of input")]
    [InlineData("a = 1\n  b = \"open\n", 2, 7, "unterminated quoted string")]
    [InlineData("a {\n  b = 1\n", 3, 1, "expected '}' but found end of input")]
    [InlineData("a = [1, 2\n", 2, 1, "expected ']' but found end of input")]
    [InlineData("a = 1 }", 1, 7, "expected ',' or newline after the value of 'a' but found '}'")]
    [InlineData("a = 1\n\n   = 2", 3, 4, "expected a key but found '='")]
    [InlineData("x = \"\\q\"", 1, 6, "bad escape '\\q' in quoted string")]
    [InlineData("a = b + c", 1, 7, "'+' is only allowed as part of '+='")]
    [InlineData("a = ${unclosed", 1, 5, "unterminated substitution, expected '}'")]
    [InlineData("a = [1] x", 1, 5, "cannot concatenate a list with a string (at fabric.conf:1:9)")]
    [InlineData("a. = 1", 1, 1, "key ends with '.'")]
    [InlineData("{ a = 1 }\nb = 2", 2, 1, "expected end of input after the root object but found 'b'")]
    [InlineData("a = \"\"\"never closed", 1, 5, "unterminated triple-quoted string")]
    [InlineData("a = $x", 1, 5, "'$' must start a substitution '${...}' (quote the string)")]
    [InlineData("a = ${}", 1, 5, "bad substitution: empty path")]
    public void Exact_positions(string text, int line, int column, string reason)
    {
        var e = Fail(text);
        Assert.Equal(reason, e.Reason);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Equal($"fabric.conf:{line}:{column}: {reason}", e.Message);
    }

    [Fact]
    public void Text_without_a_file_name()
    {
        var e = Assert.Throws<HoconParseException>(() => ConfigFactory.ParseString("a ="));
        Assert.StartsWith("<string>:1:4:", e.Message);
    }
}
