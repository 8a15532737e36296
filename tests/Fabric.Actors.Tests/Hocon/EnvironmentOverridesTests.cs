using System.Text.RegularExpressions;
using Fabric.Configuration;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>FABRIC_* variables win over a --config file and the defaults.</summary>
public class EnvironmentOverridesTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "fabric-env-" + Guid.NewGuid().ToString("N") + ".conf");

    public void Dispose() => File.Delete(_file);

    private static Func<string, string?> Environment(Dictionary<string, string> values) =>
        name => values.TryGetValue(name, out var value) ? value : null;

    [Fact]
    public void A_variable_wins_over_the_config_file()
    {
        File.WriteAllText(_file, "fabric.amqp.port = 1111\nfabric.node.name = \"from-file\"\n");
        var settings = FabricSettings.FromConfig(FabricConfig.Load(_file,
            Environment(new() { ["FABRIC_AMQP_PORT"] = "2222" })));
        Assert.Equal(2222, settings.Amqp.Port);
        Assert.Equal("from-file", settings.Node.Name);
    }

    [Fact]
    public void Without_variables_the_file_wins_over_the_defaults()
    {
        File.WriteAllText(_file, "fabric.amqp.port = 1111\n");
        var settings = FabricSettings.FromConfig(FabricConfig.Load(_file, Environment(new())));
        Assert.Equal(1111, settings.Amqp.Port);
    }

    [Fact]
    public void Values_are_taken_literally()
    {
        var settings = FabricSettings.FromConfig(FabricConfig.Load(null,
            Environment(new() { ["FABRIC_NODE_NAME"] = "a\"b}\n${x}" })));
        Assert.Equal("a\"b}\n${x}", settings.Node.Name);
    }

    [Fact]
    public void A_bad_value_is_a_configuration_error()
    {
        Assert.ThrowsAny<Exception>(() => FabricSettings.FromConfig(FabricConfig.Load(null,
            Environment(new() { ["FABRIC_AMQP_PORT"] = "not-a-port" }))));
    }

    [Fact]
    public void The_reference_file_names_exactly_these_variables()
    {
        var named = Regex.Matches(FabricConfig.ReferenceConfiguration, @"\$\{\?(FABRIC_[A-Z_]+)\}")
            .Select(m => m.Groups[1].Value).Order().ToArray();
        Assert.Equal(EnvironmentOverrides.Variables.Keys.Order().ToArray(), named);
        foreach (var (variable, path) in EnvironmentOverrides.Variables)
        {
            string key = path[(path.LastIndexOf('.') + 1)..];
            Assert.Matches(new Regex($@"^\s*{Regex.Escape(key)} = \$\{{\?{variable}\}}", RegexOptions.Multiline),
                FabricConfig.ReferenceConfiguration);
        }
    }
}
