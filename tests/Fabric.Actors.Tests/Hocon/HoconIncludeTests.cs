using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

public sealed class HoconIncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-hocon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Include_is_relative_to_the_including_file_and_later_fields_override()
    {
        Write("sub/base.conf", "a = 1\nb = 2\nnested { x = 1 }");
        Write("sub/app.conf", "include \"base.conf\"\nb = 3\nnested { y = 2 }");
        var main = Write("main.conf", "include file(\"sub/app.conf\")\na = 10");
        var config = ConfigFactory.ParseFile(main);
        Assert.Equal(10, config.GetInt("a"));
        Assert.Equal(3, config.GetInt("b"));
        Assert.Equal(1, config.GetInt("nested.x"));
        Assert.Equal(2, config.GetInt("nested.y"));
    }

    [Fact]
    public void Fields_before_an_include_are_overridden_by_it()
    {
        Write("inc.conf", "a = included");
        var config = ConfigFactory.ParseFile(Write("main.conf", "a = first\ninclude \"inc.conf\""));
        Assert.Equal("included", config.GetString("a"));
    }

    [Fact]
    public void Include_inside_an_object_nests_and_relativizes_substitutions()
    {
        Write("part.conf", "x = 1\ny = ${x}\nz = ${top}");
        var config = ConfigFactory.ParseFile(Write("main.conf", "top = t\nobj { include \"part\" }"));
        Assert.Equal(1, config.GetInt("obj.x"));
        Assert.Equal(1, config.GetInt("obj.y"));
        Assert.Equal("t", config.GetString("obj.z"));
    }

    [Fact]
    public void Missing_include_is_ignored_but_required_is_an_error()
    {
        var config = ConfigFactory.ParseFile(Write("main.conf", "include \"nope.conf\"\na = 1"));
        Assert.Equal(1, config.GetInt("a"));
        var e = Assert.Throws<HoconParseException>(() =>
            ConfigFactory.ParseFile(Write("req.conf", "a = 1\ninclude required(\"nope.conf\")")));
        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("nope.conf", e.Message);
    }

    [Fact]
    public void Include_cycles_are_reported()
    {
        Write("x.conf", "include \"y.conf\"");
        Write("y.conf", "include \"x.conf\"");
        var e = Assert.Throws<HoconParseException>(() => ConfigFactory.ParseFile(Path.Combine(_dir, "x.conf")));
        Assert.Contains("include cycle", e.Message);
    }

    [Fact]
    public void Include_of_a_parse_error_reports_the_included_file()
    {
        Write("bad.conf", "ok = 1\nbroken = }");
        var e = Assert.Throws<HoconParseException>(() => ConfigFactory.ParseFile(Write("main.conf", "include \"bad.conf\"")));
        Assert.EndsWith("bad.conf", e.FileName);
        Assert.Equal((2, 10), (e.Line, e.Column));
    }

    [Fact]
    public void Include_name_may_follow_on_the_next_line()
    {
        Write("inc.conf", "a = 1");
        var config = ConfigFactory.ParseFile(Write("main.conf", "include\n  required(\"inc.conf\")\nb = 2"));
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
    }

    [Fact]
    public void Include_as_an_ordinary_key()
    {
        var config = ConfigFactory.ParseString("include = 5\nx { include : yes }");
        Assert.Equal(5, config.GetInt("include"));
        Assert.True(config.GetBoolean("x.include"));
    }

    [Fact]
    public void Missing_file_is_a_config_exception()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigFactory.ParseFile(Path.Combine(_dir, "absent.conf")));
        Assert.Contains("absent.conf", e.Message);
    }
}
