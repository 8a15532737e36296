namespace Fabric.Actors;

/// <summary>Implement to get keyed timers bound to the actor's lifecycle (cancelled on restart and stop).</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}
