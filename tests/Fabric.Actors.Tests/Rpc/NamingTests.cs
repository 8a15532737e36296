using Fabric.Rpc.Server;
using Fabric.Rpc.Transport.InProcess;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Rpc;

public sealed class NamingTests
{
    [Theory]
    [InlineData("Add", "add")]
    [InlineData("BuildInstance", "build_instance")]
    [InlineData("WhoAmI", "who_am_i")]
    [InlineData("GetVNCConsole", "get_vnc_console")]
    [InlineData("instanceId", "instance_id")]
    [InlineData("delayMs", "delay_ms")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("Resize2Disk", "resize2_disk")]
    public void Snake_case_names(string name, string expected) => Assert.Equal(expected, SnakeCase.From(name));

    [Theory]
    [InlineData("compute", "compute", true)]
    [InlineData("compute", "compute.host1", false)]
    [InlineData("compute.*", "compute.host1", true)]
    [InlineData("compute.*", "compute", false)]
    [InlineData("notifications.#", "notifications", true)]
    [InlineData("notifications.#", "notifications.info.x", true)]
    [InlineData("#", "anything.at.all", true)]
    [InlineData("a.#.z", "a.z", true)]
    [InlineData("a.#.z", "a.b.c.z", true)]
    [InlineData("a.#.z", "a.b.c", false)]
    public void Topic_patterns_match_as_amqp(string pattern, string key, bool matches) =>
        Assert.Equal(matches, TopicPattern.Matches(pattern, key));

    [Fact]
    public void A_pattern_without_wildcards_matches_exactly_itself() =>
        Prop.ForAll(
            Arb.From(Gen.Elements("a", "b", "cc", "host1").ListOf().Where(l => l.Count > 0).Select(l => string.Join('.', l))),
            Arb.From(Gen.Elements("a", "b", "cc", "host1").ListOf().Where(l => l.Count > 0).Select(l => string.Join('.', l))),
            (pattern, key) => TopicPattern.Matches(pattern, key) == (pattern == key)).QuickCheckThrowOnFailure();
}
