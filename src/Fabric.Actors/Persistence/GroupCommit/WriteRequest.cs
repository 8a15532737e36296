namespace Fabric.Persistence.GroupCommit;

/// <summary>
/// A unit of work queued to the group-commit writer. It consists of one or more atomic units (e.g. the atomic writes
/// of a batch); each unit commits or is rejected on its own, the request completes once its batch is durable.
/// </summary>
internal abstract class WriteRequest
{
    internal virtual int UnitCount => 1;

    /// <summary>Unit <paramref name="unit"/> was rolled back; the others of the request may still commit.</summary>
    internal abstract void Reject(int unit, Exception error);

    /// <summary>The batch holding this request is durable: report success and any rejected units.</summary>
    internal abstract void Complete();

    /// <summary>The whole batch failed: nothing of this request is known to be stored.</summary>
    internal abstract void Fail(Exception error);
}
