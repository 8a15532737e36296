namespace Fabric.Persistence.Journal;

/// <summary>One stored event: serialization is the caller's business (payload bytes + manifest).</summary>
public sealed record PersistentRepresentation(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    byte[] Payload,
    IReadOnlyList<string>? Tags = null);
