namespace Fabric.Actors;

/// <summary>
/// A message whose arrival at a dead actor is expected and harmless (e.g. a "close now" that races the actor's own
/// normal stop): as a dead letter it still goes to the event stream, but it is not logged.
/// </summary>
public interface IDeadLetterSuppression;
