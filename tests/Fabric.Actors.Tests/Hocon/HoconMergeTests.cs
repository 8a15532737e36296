using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>Duplicate keys and <see cref="Config.WithFallback"/>, following the examples of the HOCON specification.</summary>
public class HoconMergeTests
{
    private static Config Parse(string text) => ConfigFactory.ParseString(text);

    [Fact]
    public void Duplicate_objects_merge()
    {
        var config = Parse("foo : { a : 42 }, foo : { b : 43 }");
        Assert.Equal(42, config.GetInt("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
    }

    [Fact]
    public void Null_or_a_scalar_in_between_stops_the_merge()
    {
        var config = Parse("foo : { a : 42 }, foo : null, foo : { b : 43 }");
        Assert.False(config.HasPath("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
        var replaced = Parse("foo { a = 1 }\nfoo = 7");
        Assert.Equal(7, replaced.GetInt("foo"));
    }

    [Fact]
    public void Merging_is_recursive_and_later_wins()
    {
        var config = Parse("a { b { c = 1, d = 2 } }\na.b.c = 3\na { b { e = 4 } }");
        Assert.Equal(3, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("a.b.d"));
        Assert.Equal(4, config.GetInt("a.b.e"));
    }

    [Fact]
    public void Non_object_values_replace()
    {
        var config = Parse("a = [1]\na = [2]\ns = x\ns = y");
        Assert.Equal(["2"], config.GetStringList("a"));
        Assert.Equal("y", config.GetString("s"));
    }

    [Fact]
    public void WithFallback_merges_objects_and_the_receiver_wins()
    {
        var high = Parse("a { x = 1 }\nonlyHigh = h");
        var low = Parse("a { x = 0, y = 2 }\nonlyLow = l");
        var merged = high.WithFallback(low);
        Assert.Equal(1, merged.GetInt("a.x"));
        Assert.Equal(2, merged.GetInt("a.y"));
        Assert.Equal("h", merged.GetString("onlyHigh"));
        Assert.Equal("l", merged.GetString("onlyLow"));
    }

    [Fact]
    public void WithFallback_chains_apply_in_order()
    {
        var a = Parse("v = a");
        var b = Parse("v = b\nw = b");
        var c = Parse("v = c\nw = c\nz = c");
        var merged = a.WithFallback(b).WithFallback(c);
        Assert.Equal("a", merged.GetString("v"));
        Assert.Equal("b", merged.GetString("w"));
        Assert.Equal("c", merged.GetString("z"));
        Assert.Same(a, a.WithFallback(ConfigFactory.Empty));
    }

    [Fact]
    public void Substitutions_resolve_after_layering_against_the_merged_root()
    {
        var file = Parse("port = 6000");
        var defaults = Parse("port = 5672\nendpoint = \"host:\"${port}");
        Assert.Equal("host:5672", defaults.GetString("endpoint"));
        Assert.Equal("host:6000", file.WithFallback(defaults).GetString("endpoint"));
    }

    [Fact]
    public void Self_reference_in_the_higher_layer_sees_the_fallback_value()
    {
        var file = Parse("path = ${path}\":/bin\"\nlist += c");
        var defaults = Parse("path = /usr\nlist = [a, b]");
        var merged = file.WithFallback(defaults);
        Assert.Equal("/usr:/bin", merged.GetString("path"));
        Assert.Equal(["a", "b", "c"], merged.GetStringList("list"));
    }
}
