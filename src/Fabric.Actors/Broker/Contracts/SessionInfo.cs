using Fabric.Actors;

namespace Fabric.Broker.Contracts;

/// <summary>Who performs an operation: the connection (for exclusive queues) and its authenticated user.</summary>
public sealed record SessionInfo(long ConnectionId, BrokerUser User, string VirtualHost, IActorRef Connection);
