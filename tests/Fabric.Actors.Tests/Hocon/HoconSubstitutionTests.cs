using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>Substitutions, following the examples of the HOCON specification.</summary>
public class HoconSubstitutionTests
{
    private static Config Parse(string text) => ConfigFactory.ParseString(text);

    [Fact]
    public void Simple_and_nested_substitutions()
    {
        var config = Parse("a = 1\nb = ${a}\nc { d = ${b} }\ne = ${c}");
        Assert.Equal(1, config.GetInt("b"));
        Assert.Equal(1, config.GetInt("c.d"));
        Assert.Equal(1, config.GetInt("e.d"));
    }

    [Fact]
    public void Substitution_refers_to_the_final_value_including_later_overrides()
    {
        var config = Parse("foo = 1\nbar = ${foo}\nfoo = 2");
        Assert.Equal(2, config.GetInt("bar"));
    }

    [Fact]
    public void Spec_example_field_sees_its_sibling_in_the_same_object()
    {
        var config = Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }");
        Assert.Equal(42, config.GetInt("bar.baz"));
        var later = Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }\nbar : { foo : 43 }");
        Assert.Equal(43, later.GetInt("bar.baz"));
    }

    [Fact]
    public void Spec_example_object_substitution_then_merge()
    {
        var config = Parse("""
            data-center-generic = { cluster-size = 6 }
            data-center-east = ${data-center-generic} { name = "east" }
            """);
        Assert.Equal(6, config.GetInt("data-center-east.cluster-size"));
        Assert.Equal("east", config.GetString("data-center-east.name"));
        var overriding = Parse("""
            data-center-generic = { cluster-size = 6 }
            data-center-east = ${data-center-generic}
            data-center-east = { name = "east", cluster-size = 8 }
            """);
        Assert.Equal(8, overriding.GetInt("data-center-east.cluster-size"));
        Assert.Equal("east", overriding.GetString("data-center-east.name"));
    }

    [Fact]
    public void Substitution_result_that_is_not_an_object_replaces_earlier_object()
    {
        var config = Parse("x = 5\nfoo { a = 1 }\nfoo = ${x}");
        Assert.Equal(5, config.GetInt("foo"));
    }

    [Fact]
    public void String_concatenation_with_substitutions()
    {
        var config = Parse("host = example.org\nport = 80\nurl = \"http://\"${host}\":\"${port}/index   html");
        Assert.Equal("http://example.org:80/index   html", config.GetString("url"));
    }

    [Fact]
    public void Array_concatenation_with_substitutions()
    {
        var config = Parse("base = [a, b]\nall = ${base} [c] ${base}");
        Assert.Equal(["a", "b", "c", "a", "b"], config.GetStringList("all"));
    }

    [Fact]
    public void Self_referential_string()
    {
        var config = Parse("path = \"/usr\"\npath = ${path}\":/bin\"\npath = ${path}\":/sbin\"");
        Assert.Equal("/usr:/bin:/sbin", config.GetString("path"));
    }

    [Fact]
    public void Self_referential_object_merge()
    {
        var config = Parse("foo : { a : 1 }\nfoo : ${foo} { b : 2 }\nfoo.c = 3");
        Assert.Equal(1, config.GetInt("foo.a"));
        Assert.Equal(2, config.GetInt("foo.b"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Plus_equals_appends_and_starts_a_missing_list()
    {
        var config = Parse("a = [1]\na += 2\na += [3]\nb += x\nc { d += 1, d += 2 }");
        var a = Assert.IsType<HoconArray>(config.GetValue("a"));
        Assert.Equal(3, a.Count);
        Assert.Equal("2", a[1].ToString());
        var appendedList = Assert.IsType<HoconArray>(a[2]);
        Assert.Equal("3", appendedList[0].ToString());
        Assert.Equal(["x"], config.GetStringList("b"));
        Assert.Equal(["1", "2"], config.GetStringList("c.d"));
    }

    [Fact]
    public void Optional_substitution_that_is_undefined_leaves_the_earlier_value()
    {
        var config = Parse("name = default\nname = ${?FABRIC_TEST_SURELY_UNSET_VARIABLE}\nonly = ${?FABRIC_TEST_SURELY_UNSET_VARIABLE}");
        Assert.Equal("default", config.GetString("name"));
        Assert.False(config.HasPath("only"));
        Assert.DoesNotContain("only", config.Keys);
    }

    [Fact]
    public void Substitutions_fall_back_to_environment_variables()
    {
        using var variable = new ScopedEnvironmentVariable("from-env");
        string name = variable.Name;
        var config = Parse($"a = default\na = ${{?{name}}}\nb = ${{{name}}}\nc = \"x-\"${{{name}}}");
        Assert.Equal("from-env", config.GetString("a"));
        Assert.Equal("from-env", config.GetString("b"));
        Assert.Equal("x-from-env", config.GetString("c"));
        var noEnv = ConfigFactory.ParseString($"a = default\na = ${{?{name}}}", options: new HoconParseOptions { UseEnvironment = false });
        Assert.Equal("default", noEnv.GetString("a"));
    }

    [Fact]
    public void Config_value_wins_over_environment_variable()
    {
        using var variable = new ScopedEnvironmentVariable("from-env");
        var config = Parse($"{variable.Name} = from-config\nb = ${{{variable.Name}}}");
        Assert.Equal("from-config", config.GetString("b"));
    }

    [Fact]
    public void Missing_required_substitution_names_the_path_and_position()
    {
        var config = ConfigFactory.ParseString("a = 1\nb = ${no.such.path}", "test.conf");
        var e = Assert.Throws<ConfigException>(() => config.GetInt("a"));
        Assert.Contains("test.conf:2:5", e.Message);
        Assert.Contains("${no.such.path}", e.Message);
    }

    [Fact]
    public void Cycles_are_detected_with_a_clear_error()
    {
        var config = ConfigFactory.ParseString("a = ${b}\nb = ${c}\nc = ${a}", "cycle.conf");
        var e = Assert.Throws<ConfigException>(() => config.Resolve());
        Assert.Contains("cycle", e.Message);
        Assert.Contains("a -> b -> c -> a", e.Message);

        var self = ConfigFactory.ParseString("a = ${a}", "self.conf");
        var selfError = Assert.Throws<ConfigException>(() => self.Resolve());
        Assert.Contains("self.conf:1:5", selfError.Message);
        Assert.Contains("no earlier value", selfError.Message);
    }

    [Fact]
    public void Quoted_path_in_substitution()
    {
        var config = Parse("\"a.b\" = 1\nc = ${\"a.b\"}");
        Assert.Equal(1, config.GetInt("c"));
    }
}
