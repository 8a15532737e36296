using FsCheck;
using Config = Fabric.Hocon.Config;
using FsCheck.Fluent;
using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

public class HoconSyntaxTests
{
    private static Config Parse(string text) => ConfigFactory.ParseString(text);

    [Fact]
    public void Root_braces_are_optional_and_separators_interchangeable()
    {
        var braced = Parse("{ a = 1, b : 2, c { d = 3 } }");
        var bare = Parse("a = 1\nb : 2\nc { d = 3 }");
        foreach (var config in new[] { braced, bare })
        {
            Assert.Equal(1, config.GetInt("a"));
            Assert.Equal(2, config.GetInt("b"));
            Assert.Equal(3, config.GetInt("c.d"));
        }
    }

    [Fact]
    public void Dotted_keys_expand_and_quoted_keys_keep_dots()
    {
        var config = Parse("a.b.c = 1\n\"x.y\" = 2\nm.\"n.o\".p = 3");
        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("\"x.y\""));
        Assert.False(config.HasPath("x.y"));
        Assert.Equal(3, config.GetInt("m.\"n.o\".p"));
        Assert.Equal(["a", "x.y", "m"], config.Keys.ToArray());
    }

    [Fact]
    public void Comments_and_optional_commas()
    {
        var config = Parse("""
            # a comment
            a = 1 // trailing comment
            b = 2, c = 3
            list = [
              1   # one
              2,
              3,
            ]
            """);
        Assert.Equal(3, config.GetInt("c"));
        Assert.Equal(["1", "2", "3"], config.GetStringList("list"));
    }

    [Fact]
    public void Scalars_numbers_booleans_and_null()
    {
        var config = Parse("i = 42\nl = 9000000000\nd = 1.5e3\nneg = -7\nt = true\nn = null\ns = hello world\nip = 127.0.0.1");
        Assert.Equal(42, config.GetInt("i"));
        Assert.Equal(9_000_000_000L, config.GetLong("l"));
        Assert.Equal(1500.0, config.GetDouble("d"));
        Assert.Equal(-7, config.GetInt("neg"));
        Assert.True(config.GetBoolean("t"));
        Assert.Equal(HoconValueType.Null, config.GetValue("n")!.Type);
        Assert.False(config.HasPath("n"));
        Assert.Equal("x", config.GetString("n", "x"));
        Assert.Equal("hello world", config.GetString("s"));
        Assert.Equal("127.0.0.1", config.GetString("ip"));
        Assert.Equal(HoconValueType.Number, config.Root["i"].Type);
        Assert.Equal(HoconValueType.String, config.Root["ip"].Type);
    }

    [Fact]
    public void Quoted_strings_use_json_escapes()
    {
        var config = Parse("""s = "tab\there \"q\" \u0041 back\\slash" """);
        Assert.Equal("tab\there \"q\" A back\\slash", config.GetString("s"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_may_span_lines()
    {
        var config = Parse("s = \"\"\"line one\n  \"quoted\" \\n no escape\"\"\"\nt = \"\"\"x\"\"\"\"\"");
        Assert.Equal("line one\n  \"quoted\" \\n no escape", config.GetString("s"));
        Assert.Equal("x\"\"", config.GetString("t"));
    }

    [Fact]
    public void String_concatenation_preserves_whitespace_between_values()
    {
        var config = Parse("a = foo   bar \"  baz\"  1 true");
        Assert.Equal("foo   bar   baz  1 true", config.GetString("a"));
    }

    [Fact]
    public void Arrays_and_objects_concatenate()
    {
        var config = Parse("a = [1, 2] [3]\nb = { x = 1 } { y = 2, x = 3 }");
        Assert.Equal(["1", "2", "3"], config.GetStringList("a"));
        Assert.Equal(3, config.GetInt("b.x"));
        Assert.Equal(2, config.GetInt("b.y"));
    }

    [Fact]
    public void Keys_may_be_concatenations_with_spaces()
    {
        var config = Parse("foo bar = 1\n\"a\" b.c = 2");
        Assert.Equal(1, config.GetInt("\"foo bar\""));
        Assert.Equal(2, config.GetInt("\"a b\".c"));
    }

    [Fact]
    public void Config_lists_and_sub_configs()
    {
        var config = Parse("users = [ { name = a, tags = [x] }, { name = b, tags = [] } ]\nsub { k = v }");
        var users = config.GetConfigList("users");
        Assert.Equal(2, users.Count);
        Assert.Equal("b", users[1].GetString("name"));
        Assert.Empty(users[1].GetStringList("tags"));
        Assert.Equal("v", config.GetConfig("sub").GetString("k"));
        Assert.Equal(["k"], config.GetConfig("sub").Keys.ToArray());
    }

    [Fact]
    public void Json_is_valid_hocon()
    {
        var config = Parse("""{ "a": [1, 2.5, "x", true, null], "b": { "c": "d\u00e9" }, "e": -1e3 }""");
        var a = Assert.IsType<HoconArray>(config.GetValue("a"));
        Assert.Equal([HoconValueType.Number, HoconValueType.Number, HoconValueType.String, HoconValueType.Boolean, HoconValueType.Null],
            a.Select(v => v.Type).ToArray());
        Assert.Equal("dé", config.GetString("b.c"));
        Assert.Equal(-1000.0, config.GetDouble("e"));
    }

    [Fact]
    public void Empty_config()
    {
        Assert.True(ConfigFactory.Empty.IsEmpty);
        Assert.True(Parse("  # nothing\n").IsEmpty);
        Assert.False(Parse("a = 1").IsEmpty);
        Assert.True(Parse("a = ${?FABRIC_TEST_SURELY_UNSET_VARIABLE}").IsEmpty);
    }

    [Fact]
    public void Getters_with_defaults_only_apply_to_missing_paths()
    {
        var config = Parse("a = 5\ns = text");
        Assert.Equal(5, config.GetInt("a", 9));
        Assert.Equal(9, config.GetInt("missing", 9));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("missing", TimeSpan.FromSeconds(3)));
        Assert.Throws<ConfigException>(() => config.GetInt("s", 1));
    }

    [Fact]
    public void Ints_round_trip_through_text()
    {
        Prop.ForAll<long>(n =>
        {
            var config = Parse($"a = {n}\nb = \"{n}\"");
            return config.GetLong("a") == n && config.GetLong("b") == n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Quoted_strings_round_trip()
    {
        Prop.ForAll<string>(s =>
        {
            if (s is null) return true;
            return Parse("a = " + Quote(s)).GetString("a") == s;
        }).QuickCheckThrowOnFailure();
    }

    private static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (char c in s)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
