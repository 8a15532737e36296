namespace Fabric.Actors;

/// <summary>Set messages aside and take them back later, in their original order.</summary>
public interface IStash
{
    /// <summary>Sets the current message (and sender) aside.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts all stashed messages in front of the mailbox, oldest first, before any newer message.</summary>
    void UnstashAll();

    void ClearStash();

    int Count { get; }
}
