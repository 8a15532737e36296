namespace Fabric.Broker.Connections;

/// <summary>One published message in confirm mode: how many target queues still owe an answer, and whether any refused.</summary>
internal struct ConfirmSlot
{
    public int Remaining;
    public bool Nacked;
}
