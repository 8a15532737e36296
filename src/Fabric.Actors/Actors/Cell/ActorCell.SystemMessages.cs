namespace Fabric.Actors.Cell;

internal sealed partial class ActorCell
{
    private void ProcessSystemMessages()
    {
        var message = _mailbox.TakeSystemMessages();
        while (message != null)
        {
            var next = message.Next;
            message.Next = null;
            if (_state == StateTerminated) _system.HandleDeadSystemMessage(message, _self);
            else Dispatch(message);
            message = next ?? _mailbox.TakeSystemMessages();
        }
    }

    private void Dispatch(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create: HandleCreate(); break;
                case Terminate: HandleTerminate(); break;
                case Failed failed: HandleFailed(failed); break;
                case Resume: HandleResume(); break;
                case Recreate recreate: HandleRecreate(recreate.Cause); break;
                case Watch watch: HandleWatch(watch); break;
                case Unwatch unwatch: HandleUnwatch(unwatch); break;
                case DeathWatchNotification notification: HandleDeathWatchNotification(notification); break;
                case RunContinuation continuation: RunContinuation(continuation); break;
                case AsyncCompleted completed: HandleAsyncCompleted(completed); break;
            }
        }
        catch (Exception ex)
        {
            PublishFailure(ex, $"Error while processing system message {message.GetType().Name}");
        }
    }
}
