namespace Fabric.Node.Tests.Durability;

/// <summary>
/// The parameters of one kill point, drawn from a fixed seed per point so every run (and both providers) kills at
/// the same places: how many publishers, how many messages each, their window of unconfirmed publishes, the ledger
/// counts at which the node dies, and how the consumer (if any) leaves messages unacked.
/// </summary>
public sealed record KillPlan(
    KillPoint Point,
    int Seed,
    int Publishers,
    int MessagesPerPublisher,
    int Window,
    int ConfirmsBeforeKill,
    int InFlightAtKill,
    int DeliveriesBeforeBarrier,
    int DeliveriesAfterBarrier,
    int KeepEvery = 10,
    MessageKind? Only = null)
{
    private const int BaseSeed = 0x4B494C4C; // "KILL"

    public static KillPlan For(KillPoint point)
    {
        var seed = BaseSeed + (int)point * 7919;
        var random = new Random(seed);
        return point switch
        {
            KillPoint.AfterFirstConfirm => new(point, seed, 3, 400, 64, 1, 0, 0, 0),
            KillPoint.AfterConfirms => new(point, seed, 3, 2000, 256, random.Next(800, 2500), 0, 0, 0),
            KillPoint.MidBatch => new(point, seed, 4, 2000, 1024, random.Next(200, 800), 512, 0, 0),
            KillPoint.WhileConsuming => new(point, seed, 3, 1500, 256, 0, 0, random.Next(200, 600), random.Next(100, 400)),
            KillPoint.AfterDeclares => new(point, seed, 0, 0, 1, 0, 0, 0, 0),
            KillPoint.AfterPurge => new(point, seed, 2, random.Next(200, 800), 256, 0, 0, 0, 0),
            KillPoint.AfterDelete => new(point, seed, 2, random.Next(200, 800), 256, 0, 0, 0, 0),
            // 12 000 messages in the main queue first (all journalled), then drained to well under 2 000 live ones.
            KillPoint.AfterCompaction => new(point, seed, 2, 6000, 256, 0, 0, 200, 10_300 + random.Next(0, 1000),
                KeepEvery: 50, Only: MessageKind.PersistentMain),
            KillPoint.KillTwice => new(point, seed, 3, 1500, 256, random.Next(500, 1500), 0, random.Next(100, 300),
                random.Next(50, 200)),
            _ => throw new ArgumentOutOfRangeException(nameof(point), point, null),
        };
    }
}
