using Fabric.Broker.Contracts;
using Fabric.TestKit;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>Queues confirm one by one (<see cref="QueuePublishConfirmed"/>) or, after a journal write, in runs.</summary>
internal static class ConfirmExpectations
{
    /// <summary>Receives confirms until <paramref name="count"/> sequence numbers are in; returns them in arrival order.</summary>
    public static List<(ulong SeqNo, bool Ack)> ExpectConfirms(this TestKitBase kit, int count, TimeSpan max)
    {
        var confirms = new List<(ulong, bool)>();
        while (confirms.Count < count)
        {
            switch (kit.ReceiveOne(max))
            {
                case QueuePublishConfirmed single:
                    confirms.Add((single.SeqNo, single.Ack));
                    break;
                case QueuePublishConfirmedRuns runs:
                    foreach (var run in runs.Runs)
                        for (var seq = run.First; seq <= run.Last; seq++) confirms.Add((seq, true));
                    break;
                case var other:
                    throw new InvalidOperationException($"Expected a publisher confirm, got {other?.ToString() ?? "nothing"}.");
            }
        }
        return confirms;
    }

    /// <summary>Exactly one confirm: its sequence number and whether it was positive.</summary>
    public static (ulong SeqNo, bool Ack) ExpectConfirm(this TestKitBase kit, TimeSpan max) => kit.ExpectConfirms(1, max)[0];
}
