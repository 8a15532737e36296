using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>The trickier examples from the HOCON specification's sections on self-references and merging.</summary>
public class HoconSpecExampleTests
{
    private static Config Parse(string text) => ConfigFactory.ParseString(text);

    [Fact]
    public void Self_reference_before_any_value_is_an_error_but_optional_disappears()
    {
        Assert.Throws<ConfigException>(() => Parse("foo : ${foo}\nfoo : { a : 1 }").Resolve());
        var optional = Parse("foo : ${?foo}\nbar = 1");
        Assert.False(optional.HasPath("foo"));
        Assert.Equal(1, optional.GetInt("bar"));
    }

    [Fact]
    public void Self_reference_to_an_earlier_object()
    {
        var config = Parse("foo : { a : 1 }\nfoo : ${foo}");
        Assert.Equal(1, config.GetInt("foo.a"));
    }

    [Fact]
    public void Hidden_substitutions_are_never_evaluated()
    {
        Assert.Equal(42, Parse("foo : ${does-not-exist}\nfoo : 42").GetInt("foo"));
        Assert.Equal(42, Parse("foo : ${foo}\nfoo : 42").GetInt("foo"));
        Assert.Equal(42, Parse("x = 42\nfoo : ${does-not-exist}\nfoo : ${x}").GetInt("foo"));
    }

    [Fact]
    public void Self_reference_below_the_field_looks_back()
    {
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");
        Assert.Equal(2, config.GetInt("foo.a"));
        Assert.Equal(1, config.GetInt("foo.c"));
    }

    [Fact]
    public void Mutually_referring_objects_look_forward()
    {
        var config = Parse("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4");
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Optional_self_reference_in_a_concatenation()
    {
        Assert.Equal("foo", Parse("a = ${?a}foo").GetString("a"));
    }

    [Fact]
    public void Substitutions_inside_objects_or_lists_are_not_self_references()
    {
        Assert.Contains("cycle", Assert.Throws<ConfigException>(() => Parse("a : { b : ${a} }").Resolve()).Message);
        Assert.Contains("cycle", Assert.Throws<ConfigException>(() => Parse("a : [${a}]").Resolve()).Message);
        var inner = Parse("a = { x : 42, y : ${a.x} }");
        Assert.Equal(42, inner.GetInt("a.y"));
    }

    [Fact]
    public void Two_step_cycle_is_an_error_and_an_optional_cycle_is_undefined()
    {
        Assert.Contains("bar -> foo -> bar", Assert.Throws<ConfigException>(() => Parse("bar : ${foo}\nfoo : ${bar}").Resolve()).Message);
        var optional = Parse("bar : ${?foo}\nfoo : ${?bar}\nbaz = 1");
        Assert.Equal(1, optional.GetInt("baz"));
        Assert.False(optional.HasPath("bar") && optional.HasPath("foo"));
    }

    [Fact]
    public void Field_refers_to_its_sibling_inside_the_object_being_defined()
    {
        var config = Parse("a = { x : 1, y : ${?a.x} }");
        Assert.Equal(1, config.GetInt("a.y"));
    }

    [Fact]
    public void A_non_object_hides_fallbacks_beyond_it()
    {
        var first = Parse("a : { x : 1 }");
        var hiding = Parse("a : 42");
        var further = Parse("a : { y : 2 }");
        var hidden = first.WithFallback(hiding).WithFallback(further);
        Assert.Equal(1, hidden.GetInt("a.x"));
        Assert.False(hidden.HasPath("a.y"));
        var adjacent = first.WithFallback(further).WithFallback(hiding);
        Assert.Equal(1, adjacent.GetInt("a.x"));
        Assert.Equal(2, adjacent.GetInt("a.y"));
    }

    [Fact]
    public void Null_clears_an_object_from_the_fallbacks()
    {
        var user = Parse("a = null\na { only = 1 }");
        var defaults = Parse("a { x = 1, y = 2 }");
        var merged = user.WithFallback(defaults);
        Assert.Equal(["only"], merged.GetConfig("a").Keys.ToArray());
    }

    [Fact]
    public void Null_in_the_config_blocks_the_environment()
    {
        using var variable = new ScopedEnvironmentVariable("from-env");
        var config = Parse($"{variable.Name} = null\nv = ${{?{variable.Name}}}");
        Assert.False(config.HasPath("v"));
    }

    [Fact]
    public void Empty_environment_variable_counts_as_absent()
    {
        using var variable = new ScopedEnvironmentVariable("x");
        Environment.SetEnvironmentVariable(variable.Name, "");
        Assert.Equal("d", Parse($"v = d\nv = ${{?{variable.Name}}}").GetString("v"));
    }

    [Fact]
    public void Included_file_substitution_is_fixed_up_then_falls_back_to_the_root()
    {
        string dir = Directory.CreateTempSubdirectory("fabric-hocon-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "foo.conf"), "{ x : 10, y : ${x} }");
            var config = ConfigFactory.ParseString("a : { include \"foo.conf\" }\na : { x : 42 }",
                options: new HoconParseOptions { BaseDirectory = dir });
            Assert.Equal(42, config.GetInt("a.y"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
