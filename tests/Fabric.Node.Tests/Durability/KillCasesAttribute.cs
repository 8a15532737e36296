using System.Reflection;
using Xunit.Sdk;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// Theory rows (provider, kill point) for every <see cref="KillPoint"/> on one provider. PostgreSQL rows are skipped,
/// with the reason, only when <see cref="KillStore.PostgresVariable"/> is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class KillCasesAttribute : DataAttribute
{
    private readonly StoreProvider _provider;

    public KillCasesAttribute(StoreProvider provider)
    {
        _provider = provider;
        if (provider == StoreProvider.Postgres && KillStore.PostgresConnection is null)
            Skip = $"{KillStore.PostgresVariable} is not set: no PostgreSQL server to run the PostgreSQL kill tests on " +
                   $"(run: export {KillStore.PostgresVariable}=\"$(scripts/start-postgres.sh)\")";
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        foreach (var point in Enum.GetValues<KillPoint>()) yield return [_provider, point];
    }
}
