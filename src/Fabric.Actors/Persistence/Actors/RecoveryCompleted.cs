namespace Fabric.Persistence.Actors;

/// <summary>Given to ReceiveRecover after the snapshot and every event were replayed; commands follow.</summary>
public sealed class RecoveryCompleted
{
    public static readonly RecoveryCompleted Instance = new();

    private RecoveryCompleted() { }

    public override string ToString() => nameof(RecoveryCompleted);
}
