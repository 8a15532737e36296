using Fabric.Rpc.Transport;
using Fabric.Rpc.Transport.InProcess;

namespace Fabric.Actors.Tests.Rpc;

public sealed class InProcessRpcPatternTests : RpcPatternTests
{
    private readonly InProcessBroker _broker = new();

    protected override Task<IRpcTransport> NewTransportAsync() =>
        Task.FromResult<IRpcTransport>(Track(new InProcessRpcTransport(_broker)));
}
