using Xunit;

namespace Fabric.Actors.Tests.Broker;

/// <summary>Memory footprint tests run alone: other tests' garbage and live buffers would blur a heap delta.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FootprintCollection
{
    public const string Name = "footprint";
}
