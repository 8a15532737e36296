using Fabric.Persistence.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>Measures (prints, does not assert speed) durable single-event writes from many concurrent writers.</summary>
public sealed class SqliteThroughputTests : IDisposable
{
    private const int Writers = 64;
    private const int WritesPerWriter = 200;

    private readonly TempDatabaseFile _file = new();
    private readonly ITestOutputHelper _output;

    public SqliteThroughputTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _file.Dispose();

    [Fact]
    public Task Single_event_writes_from_64_concurrent_writers() => MeasureAsync("fast path", alwaysSavepoints: false);

    [Fact]
    public Task Single_event_writes_from_64_concurrent_writers_with_a_savepoint_each() =>
        MeasureAsync("savepoint per write", alwaysSavepoints: true);

    private async Task MeasureAsync(string mode, bool alwaysSavepoints)
    {
        await using var store = SqliteStore.Open(new SqliteSettings(_file.Path) { AlwaysSavepoints = alwaysSavepoints });
        await ThroughputMeasurement.RunAsync(store, _output, $"SQLite {mode}", Writers, WritesPerWriter);
    }
}
