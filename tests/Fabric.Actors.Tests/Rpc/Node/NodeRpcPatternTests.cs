using Fabric.Rpc.Transport;

namespace Fabric.Actors.Tests.Rpc.Node;

/// <summary>Every RPC pattern through the C# API, each "process" a <see cref="Fabric.Rpc.Transport.Node.NodeRpcTransport"/> of one node.</summary>
public sealed class NodeRpcPatternTests : RpcPatternTests
{
    private TestNode? _node;

    protected override async Task<IRpcTransport> NewTransportAsync()
    {
        // Tracked first, so disposed after every transport of the test.
        _node ??= Track(await TestNode.StartAsync());
        return Track(_node.CreateTransport());
    }
}
