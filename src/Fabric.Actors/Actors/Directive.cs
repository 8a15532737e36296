namespace Fabric.Actors;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    Resume,
    Restart,
    Stop,
    Escalate,
}
