namespace Fabric.Configuration;

/// <summary><c>fabric.persistence.group-commit</c>: how the single writer batches everyone's writes.</summary>
public sealed record GroupCommitSettings(int MaxBatch, TimeSpan MaxDelay);
