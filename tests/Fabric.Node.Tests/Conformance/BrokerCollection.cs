using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>All conformance classes share one broker endpoint.</summary>
[CollectionDefinition("broker")]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
}
