using System.Diagnostics;

namespace Fabric.TestKit;

/// <summary>
/// Expectations over the messages received by one probe actor (the test actor of a <see cref="TestKit"/>, or a
/// <see cref="TestProbe"/>). Without an explicit timeout an expectation waits <see cref="TestKitSettings.DefaultTimeout"/>,
/// never past the end of an enclosing <see cref="Within(TimeSpan, Action)"/>; all timeouts are dilated.
/// </summary>
public abstract class TestKitBase
{
    private static long _probeCounter;

    static TestKitBase()
    {
        // Expectations block their thread by design; with many test classes in parallel on a small machine the
        // pool would otherwise add threads slowly (about one per second) and actors would starve meanwhile.
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < 32) ThreadPool.SetMinThreads(32, io);
    }

    private readonly MessageQueue _queue = new();
    private readonly Deadline _deadline;

    private protected TestKitBase(ActorSystem system, TestKitSettings settings, Deadline deadline, string? probeName)
    {
        Sys = system;
        Settings = settings;
        _deadline = deadline;
        var name = probeName ?? "testProbe-" + Interlocked.Increment(ref _probeCounter);
        TestActor = system.SystemActorOf(Props.Create(() => new ProbeActor(_queue)), name);
        LastSender = system.DeadLetters;
    }

    public ActorSystem Sys { get; }

    public TestKitSettings Settings { get; }

    /// <summary>The probe actor whose messages the expectations read.</summary>
    public IActorRef TestActor { get; }

    public object? LastMessage { get; private set; }

    public IActorRef LastSender { get; private set; }

    private protected Deadline SharedDeadline => _deadline;

    public TimeSpan Dilated(TimeSpan duration) => Settings.Dilated(duration);

    /// <summary>Time left in the enclosing Within block, else the dilated default timeout.</summary>
    public TimeSpan RemainingOrDefault => RemainingOr(null);

    public TestProbe CreateTestProbe(string? name = null) => new(Sys, Settings, _deadline, name);

    // ---- receiving -------------------------------------------------------------------------------------------

    /// <summary>The next message, or null if none arrives in time.</summary>
    public object? ReceiveOne(TimeSpan? max = null) => Record(_queue.Take(RemainingOr(max)))?.Message;

    public async Task<object?> ReceiveOneAsync(TimeSpan? max = null) =>
        Record(await _queue.TakeAsync(RemainingOr(max)).ConfigureAwait(false))?.Message;

    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        var end = EndAfter(RemainingOr(max));
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var next = Record(_queue.Take(Left(end)))
                       ?? throw Fail($"Timeout while waiting for {count} messages (got {messages.Count}: {Describe(messages)})");
            messages.Add(next.Message);
        }
        return messages;
    }

    public T ExpectMsg<T>(TimeSpan? max = null) => Check<T>(Next(max, typeof(T).Name), null, null);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? max = null) => Check(Next(max, typeof(T).Name), predicate, null);

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? max = null) where T : notnull =>
        Check<T>(Next(max, expected.ToString() ?? typeof(T).Name), null, expected);

    public async Task<T> ExpectMsgAsync<T>(TimeSpan? max = null) =>
        Check<T>(await NextAsync(max, typeof(T).Name).ConfigureAwait(false), null, null);

    public async Task<T> ExpectMsgAsync<T>(Predicate<T> predicate, TimeSpan? max = null) =>
        Check(await NextAsync(max, typeof(T).Name).ConfigureAwait(false), predicate, null);

    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? max = null) where T : notnull =>
        Check<T>(await NextAsync(max, expected.ToString() ?? typeof(T).Name).ConfigureAwait(false), null, expected);

    /// <summary>Expects that no message arrives for the given time (default <see cref="TestKitSettings.ExpectNoMsgDefault"/>).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null) => CheckNone(Record(_queue.Take(NoMsgWait(duration))));

    public async Task ExpectNoMsgAsync(TimeSpan? duration = null) =>
        CheckNone(Record(await _queue.TakeAsync(NoMsgWait(duration)).ConfigureAwait(false)));

    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? max = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(actor), max);

    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor, TimeSpan? max = null) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(actor), max);

    /// <summary>Skips messages until one satisfies the predicate; returns it.</summary>
    public object FishForMessage(Predicate<object> isTarget, TimeSpan? max = null)
    {
        var end = EndAfter(RemainingOr(max));
        while (true)
        {
            var next = Record(_queue.Take(Left(end))) ?? throw Fail("Timeout while fishing for a message");
            if (isTarget(next.Message)) return next.Message;
        }
    }

    public T FishForMessage<T>(Predicate<T>? isTarget = null, TimeSpan? max = null) =>
        (T)FishForMessage(m => m is T t && (isTarget == null || isTarget(t)), max);

    public async Task<object> FishForMessageAsync(Predicate<object> isTarget, TimeSpan? max = null)
    {
        var end = EndAfter(RemainingOr(max));
        while (true)
        {
            var next = Record(await _queue.TakeAsync(Left(end)).ConfigureAwait(false)) ?? throw Fail("Timeout while fishing for a message");
            if (isTarget(next.Message)) return next.Message;
        }
    }

    // ---- acting ----------------------------------------------------------------------------------------------

    /// <summary>Replies to the sender of the last received message.</summary>
    public void Reply(object message) => LastSender.Tell(message, TestActor);

    /// <summary>Forwards the last received message (keeping its original sender).</summary>
    public void Forward(IActorRef to) =>
        to.Tell(LastMessage ?? throw new InvalidOperationException("No message received yet"), LastSender);

    public void Send(IActorRef target, object message) => target.Tell(message, TestActor);

    /// <summary>The probe actor watches the subject: expect <see cref="Terminated"/> with <see cref="ExpectTerminated"/>.</summary>
    public IActorRef Watch(IActorRef subject)
    {
        TestActor.Tell(new ProbeActor.WatchRequest(subject, true), ActorRefs.NoSender);
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        TestActor.Tell(new ProbeActor.WatchRequest(subject, false), ActorRefs.NoSender);
        return subject;
    }

    // ---- time ------------------------------------------------------------------------------------------------

    /// <summary>Runs the block under a deadline (respected by nested expectations); fails if it takes longer.</summary>
    public void Within(TimeSpan max, Action block) => Within(TimeSpan.Zero, max, block);

    public void Within(TimeSpan min, TimeSpan max, Action block)
    {
        var start = Stopwatch.GetTimestamp();
        var dilatedMax = Dilated(max);
        var previous = _deadline.Push(dilatedMax);
        try
        {
            block();
        }
        finally
        {
            _deadline.Pop(previous);
        }
        CheckWithin(start, min, dilatedMax);
    }

    public T Within<T>(TimeSpan max, Func<T> block)
    {
        var result = default(T)!;
        Within(TimeSpan.Zero, max, () => result = block());
        return result;
    }

    public async Task WithinAsync(TimeSpan min, TimeSpan max, Func<Task> block)
    {
        var start = Stopwatch.GetTimestamp();
        var dilatedMax = Dilated(max);
        var previous = _deadline.Push(dilatedMax);
        try
        {
            await block().ConfigureAwait(false);
        }
        finally
        {
            _deadline.Pop(previous);
        }
        CheckWithin(start, min, dilatedMax);
    }

    /// <summary>Retries the assertion until it passes or the time is up (then its last failure is thrown).</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var end = EndAfter(RemainingOr(duration));
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (Left(end) > TimeSpan.Zero)
            {
                Thread.Sleep(Min(pause, Left(end)));
            }
        }
    }

    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var end = EndAfter(RemainingOr(duration));
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (Left(end) > TimeSpan.Zero)
            {
                await Task.Delay(Min(pause, Left(end))).ConfigureAwait(false);
            }
        }
    }

    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null) =>
        AwaitAssert(() =>
        {
            if (!condition()) throw Fail(message ?? "Condition not met in time");
        }, max, interval);

    public Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null) =>
        AwaitAssertAsync(() => condition() ? Task.CompletedTask : throw Fail(message ?? "Condition not met in time"), max, interval);

    // ---- helpers ---------------------------------------------------------------------------------------------

    private TimeSpan RemainingOr(TimeSpan? max)
    {
        var wait = Dilated(max ?? Settings.DefaultTimeout);
        var remaining = _deadline.Remaining;
        return remaining is { } r && r < wait ? r : wait;
    }

    private TimeSpan NoMsgWait(TimeSpan? duration)
    {
        var wait = Dilated(duration ?? Settings.ExpectNoMsgDefault);
        var remaining = _deadline.Remaining;
        return remaining is { } r && r < wait ? r : wait;
    }

    private ReceivedMessage Next(TimeSpan? max, string what)
    {
        var wait = RemainingOr(max);
        return Record(_queue.Take(wait)) ?? throw Fail($"Timeout ({wait}) while waiting for a message of {what}");
    }

    private async Task<ReceivedMessage> NextAsync(TimeSpan? max, string what)
    {
        var wait = RemainingOr(max);
        return Record(await _queue.TakeAsync(wait).ConfigureAwait(false))
               ?? throw Fail($"Timeout ({wait}) while waiting for a message of {what}");
    }

    private ReceivedMessage? Record(ReceivedMessage? received)
    {
        if (received != null)
        {
            LastMessage = received.Message;
            LastSender = received.Sender;
        }
        return received;
    }

    private static T Check<T>(ReceivedMessage received, Predicate<T>? predicate, object? expected)
    {
        var message = received.Message;
        if (message is not T typed)
            throw Fail($"Expected a message of type {typeof(T).Name} but got {Describe(message)}");
        if (expected != null && !Equals(expected, message))
            throw Fail($"Expected message {expected} but got {Describe(message)}");
        if (predicate != null && !predicate(typed))
            throw Fail($"Message {Describe(message)} did not satisfy the predicate");
        return typed;
    }

    private static void CheckNone(ReceivedMessage? received)
    {
        if (received != null) throw Fail($"Expected no message but got {Describe(received.Message)} from {received.Sender.Path}");
    }

    private static void CheckWithin(long start, TimeSpan min, TimeSpan max)
    {
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (elapsed < min) throw Fail($"Block finished in {elapsed}, earlier than the minimum {min}");
        if (elapsed > max) throw Fail($"Block took {elapsed}, longer than the maximum {max}");
    }

    private static long EndAfter(TimeSpan wait) => Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan Left(long end) => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Describe(object message) => $"{message} ({message.GetType().Name})";

    private static string Describe(List<object> messages) => string.Join(", ", messages);

    private static TestKitAssertionException Fail(string message) => new(message);
}
