namespace Fabric.Actors;

/// <summary>Keyed timers that send messages to the actor itself; starting a key again replaces its timer, and a
/// message of a cancelled or replaced timer is never delivered.</summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
