namespace Fabric.Rpc.Transport;

/// <summary>
/// How queues and exchanges are declared and consumed, as oslo.messaging's rabbit driver options (and its defaults);
/// shared by every transport so all of them declare alike.
/// </summary>
public abstract record OsloDriverOptions
{
    /// <summary>oslo's control_exchange.</summary>
    public string ControlExchange { get; init; } = "openstack";

    /// <summary>oslo's amqp_durable_queues: topic exchanges and queues durable.</summary>
    public bool DurableQueues { get; init; }

    /// <summary>oslo's rabbit_ha_queues: every queue declared with <c>x-ha-policy: all</c>.</summary>
    public bool HaQueues { get; init; }

    /// <summary>oslo's rabbit_quorum_queue: topic and notification queues <c>x-queue-type: quorum</c> (and durable).</summary>
    public bool QuorumQueues { get; init; }

    /// <summary>oslo's enable_cancel_on_failover: consumers ask for <c>x-cancel-on-ha-failover</c>.</summary>
    public bool CancelOnHaFailover { get; init; }

    /// <summary>oslo's amqp_auto_delete: topic exchanges and queues auto-delete.</summary>
    public bool AutoDelete { get; init; }

    /// <summary>oslo's rabbit_transient_queues_ttl: x-expires of reply and fanout queues.</summary>
    public TimeSpan TransientQueuesTtl { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>oslo's rabbit_qos_prefetch_count (0: unlimited).</summary>
    public ushort PrefetchCount { get; init; }
}
