using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Transport.InProcess;
using Xunit;

namespace Fabric.Actors.Tests.Rpc;

public sealed class VersionCapTests
{
    [Fact]
    public async Task Messages_above_the_version_cap_are_refused_before_sending()
    {
        await using var transport = new InProcessRpcTransport();
        await using var client = new RpcClient(transport, new Target(Topic: "compute", Version: "5.0"), versionCap: "5.2");
        Assert.True(client.CanSendVersion());
        Assert.True(client.CanSendVersion("5.2"));
        Assert.False(client.CanSendVersion("5.3"));
        Assert.False(client.CanSendVersion("6.0"));

        var tooNew = client.Prepare(version: "5.3");
        var error = await Assert.ThrowsAsync<RpcVersionCapException>(() => tooNew.CastAsync(RpcContext.Empty, "x"));
        Assert.Equal("5.3", error.Version);
        await Assert.ThrowsAsync<RpcVersionCapException>(() => tooNew.CallAsync<int>(RpcContext.Empty, "x"));
        Assert.Equal(0, tooNew.PendingCalls);

        // As oslo: with a cap, a message without a version does not pass either.
        await using var unversioned = new RpcClient(transport, new Target(Topic: "t"), versionCap: "1.0");
        Assert.False(unversioned.CanSendVersion());
        await client.CastAsync(RpcContext.Empty, "x");
    }
}
