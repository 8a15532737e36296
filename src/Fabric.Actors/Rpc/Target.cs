namespace Fabric.Rpc;

/// <summary>
/// Where a message goes or what a server listens to, as oslo.messaging's Target: the exchange (null: the
/// transport's control exchange, "openstack"), the topic, an optional server (calls and casts then go to the
/// <c>topic.server</c> queue), fanout (casts go to <c>topic_fanout</c>), and the API namespace and version.
/// </summary>
public sealed record Target(
    string? Exchange = null,
    string? Topic = null,
    string? Server = null,
    bool Fanout = false,
    string? Namespace = null,
    string? Version = null)
{
    /// <summary>A copy with the given fields replaced (null / not given: keep the current value).</summary>
    public Target Prepare(
        string? exchange = null,
        string? topic = null,
        string? server = null,
        bool? fanout = null,
        string? @namespace = null,
        string? version = null) => new(
            exchange ?? Exchange,
            topic ?? Topic,
            server ?? Server,
            fanout ?? Fanout,
            @namespace ?? Namespace,
            version ?? Version);

    public override string ToString() =>
        $"<Target exchange={Exchange}, topic={Topic}, server={Server}, fanout={Fanout}, namespace={Namespace}, version={Version}>";
}
