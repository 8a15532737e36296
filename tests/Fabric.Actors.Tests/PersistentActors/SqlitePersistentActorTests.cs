using Xunit.Abstractions;

namespace Fabric.Actors.Tests.PersistentActors;

public sealed class SqlitePersistentActorTests(ITestOutputHelper output) : PersistentActorTests(output);
