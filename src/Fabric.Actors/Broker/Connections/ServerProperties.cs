using System.Reflection;
using Fabric.Amqp.Tables;

namespace Fabric.Broker.Connections;

/// <summary>The server-properties table of connection.start, shaped like RabbitMQ 3.x's.</summary>
internal static class ServerProperties
{
    public static readonly string Version =
        typeof(ServerProperties).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.1.0";

    private static Cached? _cached;

    /// <summary>The table for <paramref name="clusterName"/>, built once (field tables are immutable).</summary>
    public static FieldTable For(string clusterName)
    {
        if (Volatile.Read(ref _cached) is { } cached && cached.Name == clusterName)
        {
            return cached.Table;
        }

        var table = Build(clusterName);
        Volatile.Write(ref _cached, new Cached(clusterName, table));
        return table;
    }

    public static FieldTable Build(string clusterName)
    {
        var capabilities = FieldTable.CreateBuilder()
            .Add("publisher_confirms", true)
            .Add("exchange_exchange_bindings", true)
            .Add("basic.nack", true)
            .Add("consumer_cancel_notify", true)
            .Add("connection.blocked", true)
            .Add("consumer_priorities", true)
            .Add("authentication_failure_close", true)
            .Add("per_consumer_qos", true)
            .Add("direct_reply_to", false)
            .Build();
        return FieldTable.CreateBuilder()
            .Add("capabilities", capabilities)
            .Add("cluster_name", clusterName)
            .Add("copyright", "Copyright (c) the Fabric authors")
            .Add("information", "Fabric: an AMQP 0-9-1 broker on an actor kernel")
            .Add("platform", ".NET")
            .Add("product", "Fabric")
            .Add("version", Version)
            .Build();
    }

    private sealed record Cached(string Name, FieldTable Table);
}
