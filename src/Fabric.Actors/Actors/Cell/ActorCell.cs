using System.Runtime.CompilerServices;
using Fabric.Actors.Dispatch;

namespace Fabric.Actors.Cell;

/// <summary>
/// The runtime half of an actor: its mailbox, children, watches and lifecycle state. Everything except the
/// children registry is touched only from the actor's own turn (one thread at a time).
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    internal const int StateCreating = 0;
    internal const int StateRunning = 1;
    internal const int StateTerminating = 2;
    internal const int StateTerminated = 3;

    [ThreadStatic] internal static ActorCell? Constructing;

    private readonly ActorSystem _system;
    private readonly Props _props;
    private readonly InternalActorRef? _parent;
    private readonly Mailbox _mailbox;
    private readonly LocalActorRef _self;
    private readonly int _throughput;

    private ActorBase? _actor;
    private Receive? _behavior;
    private Stack<Receive>? _behaviorStack;
    private object? _currentMessage;
    private IActorRef? _currentSender;
    private int _state;
    private bool _suspended;
    private bool _awaitingTask;
    private TimerScheduler? _timers;

    internal ActorCell(ActorSystem system, ActorPath path, Props props, InternalActorRef? parent)
    {
        _system = system;
        _props = props;
        _parent = parent;
        _throughput = props.Throughput ?? system.Settings.Throughput;
        _mailbox = new Mailbox(system.Settings.PreferLocalQueue, system.Settings.HandOff ? system.Settings.HandOffDepth : 0);
        _self = new LocalActorRef(path, this, _mailbox);
        _mailbox.Attach(this);
    }

    public IActorRef Self => _self;

    internal LocalActorRef SelfRef => _self;

    internal Mailbox Mailbox => _mailbox;

    public IActorRef Sender => _currentSender ?? _system.DeadLetters;

    internal IActorRef? CurrentSender => _currentSender;

    internal object? CurrentMessage => _currentMessage;

    public IActorRef Parent => _parent ?? _self;

    public ActorSystem System => _system;

    internal ActorBase? Actor => _actor;

    internal bool IsTerminated => Volatile.Read(ref _state) == StateTerminated;

    internal bool CanProcessUserMessages => _state == StateRunning && !_suspended && !_awaitingTask;

    /// <summary>Queues the Create message; the instance is built on the actor's first turn.</summary>
    internal void Start() => _self.SendSystem(new Create());

    /// <summary>One turn on a pool thread: all system messages, then up to <c>throughput</c> user messages.</summary>
    internal void RunTurn()
    {
        var previousSender = ImplicitSender.Enter(_self);
        try
        {
            RunTurnCore();
        }
        finally
        {
            ImplicitSender.Exit(previousSender);
        }
    }

    private void RunTurnCore()
    {
        ProcessSystemMessages();
        if (_mailbox.IsClosed)
        {
            _mailbox.DrainToDeadLetters();
            return;
        }
        for (var n = _throughput; n > 0 && CanProcessUserMessages; n--)
        {
            if (!_mailbox.TryDequeue(out var envelope)) break;
            Invoke(envelope.Message, envelope.Sender);
            if (_mailbox.HasSystemMessages) ProcessSystemMessages();
        }
    }

    private void Invoke(object message, IActorRef? sender)
    {
        _currentMessage = message;
        _currentSender = sender;
        try
        {
            if (message is IAutoReceivedMessage) AutoReceive(message);
            else ReceiveMessage(message);
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
        finally
        {
            if (!_awaitingTask)
            {
                _currentMessage = null;
                _currentSender = null;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReceiveMessage(object message)
    {
        if (_receiveTimeout != null && message is not Actors.ReceiveTimeout) _receiveTimeout.Touch();
        // Without Become the behaviour is the actor's own Receive: call it directly (no delegate hop).
        var handled = _behaviorStack is { Count: > 0 } ? _behavior!(message) : _actor!.InvokeReceive(message);
        if (!handled) _actor!.InvokeUnhandled(message);
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                if (TakeQueuedTerminated(terminated.ActorRef)) ReceiveMessage(terminated);
                break;
            case PoisonPill:
                HandleTerminate();
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case TimerMessage timer:
                if (_timers != null && _timers.Accept(timer)) ReceiveMessage(timer.Message);
                break;
        }
    }

    /// <summary>The current message and its sender, for the stash.</summary>
    internal Envelope CurrentEnvelope =>
        new(_currentMessage ?? throw new InvalidOperationException("There is no current message to stash"), _currentSender);

    public void Become(Receive handler, bool discardOld = true)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var stack = _behaviorStack ??= new Stack<Receive>();
        if (discardOld && stack.Count > 0) stack.Pop();
        stack.Push(handler);
        _behavior = handler;
    }

    public void Unbecome()
    {
        var stack = _behaviorStack;
        if (stack == null || stack.Count == 0) return;
        stack.Pop();
        _behavior = stack.Count > 0 ? stack.Peek() : null;
    }

    private void ResetBehavior()
    {
        _behaviorStack?.Clear();
        _behavior = null; // read only while Become has pushed a behaviour: no delegate per actor
    }

    internal void PublishFailure(Exception cause, string description)
    {
        _system.PublishFailure(_self, cause, description);
    }

    internal void PublishChildFailure(IActorRef child, Exception cause, Directive directive) =>
        _system.PublishFailure(child, cause, $"Child failed: {cause.GetType().Name}: {cause.Message}; directive {directive}");

    public override string ToString() => _self.Path.ToString();
}
