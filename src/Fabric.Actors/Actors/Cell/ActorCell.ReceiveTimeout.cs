namespace Fabric.Actors.Cell;

internal sealed partial class ActorCell
{
    private ReceiveTimeoutTimer? _receiveTimeout;

    public TimeSpan? ReceiveTimeout => _receiveTimeout?.Timeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        StopReceiveTimeout();
        if (timeout is { } t && t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
            _receiveTimeout = new ReceiveTimeoutTimer(_self, _system.Scheduler, t);
    }

    private void StopReceiveTimeout()
    {
        _receiveTimeout?.Cancel();
        _receiveTimeout = null;
    }
}
