using Fabric.Actors.Tests.AmqpClient;
using Fabric.Rpc.Transport;
using Fabric.Rpc.Transport.Amqp;

namespace Fabric.Actors.Tests.Rpc;

[Xunit.Trait("Requires", "broker")]
public sealed class AmqpRpcPatternTests : RpcPatternTests
{
    protected override async Task<IRpcTransport> NewTransportAsync() =>
        Track(await AmqpRpcTransport.ConnectAsync(new AmqpRpcTransportOptions { Connection = TestBroker.Options }));
}
