namespace Fabric.Broker.Connections;

/// <summary>Where a channel is in assembling basic.publish + content header + body frames.</summary>
internal enum ContentPhase
{
    None,
    ExpectingHeader,
    ExpectingBody,
}
