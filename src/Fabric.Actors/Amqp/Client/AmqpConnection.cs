using System.IO.Pipelines;
using System.Net.Sockets;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Client;

/// <summary>
/// A small AMQP 0-9-1 client connection over the codec: one socket, a receive loop parsing every complete frame
/// per read, and a send loop draining an in-memory pipe (frames written by any thread are coalesced into one socket
/// send). Channels are multiplexed on it. Broker-initiated closes surface as <see cref="AmqpProtocolException"/>,
/// socket failures and missed heartbeats as <see cref="AmqpConnectionLostException"/>.
/// </summary>
public sealed partial class AmqpConnection : IAsyncDisposable
{
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;

    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly Pipe _output = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Lock _writeLock = new();
    private readonly Lock _channelsLock = new();
    private readonly Dictionary<ushort, AmqpChannel> _channels = [];
    private readonly TaskCompletionSource _closeOk = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AmqpConnectionOptions _options;
    private Task _sendLoop = Task.CompletedTask;
    private Timer? _heartbeatTimer;
    private int _state;
    private ushort _lastChannel;
    private long _lastReceived = Environment.TickCount64;
    private long _lastSent = Environment.TickCount64;

    private AmqpConnection(Socket socket, AmqpConnectionOptions options)
    {
        _socket = socket;
        _options = options;
        _input = PipeReader.Create(new NetworkStream(socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 65536));
    }

    /// <summary>Raised once when the connection ends: null after a clean close by us, else the reason.</summary>
    public event Action<AmqpConnection, Exception?>? Closed;

    /// <summary>Completes when the connection has ended, with the reason (null: closed by us).</summary>
    public Task<Exception?> Completion => _completion.Task;

    public bool IsOpen => Volatile.Read(ref _state) == StateOpen;

    /// <summary>Negotiated frame-max (whole frame, including 8 bytes of framing).</summary>
    public uint FrameMax { get; private set; }

    public ushort ChannelMax { get; private set; }

    public TimeSpan Heartbeat { get; private set; }

    /// <summary>The broker's server-properties from connection.start.</summary>
    public Tables.FieldTable ServerProperties { get; private set; } = Tables.FieldTable.Empty;

    /// <summary>Why the connection ended (null while open or after a clean close by us).</summary>
    public Exception? CloseReason { get; private set; }

    public static async Task<AmqpConnection> ConnectAsync(AmqpConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        AmqpConnection? connection = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            connection = new AmqpConnection(socket, options);
            connection._sendLoop = connection.SendLoopAsync();
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            connection.Start();
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            connection?.Abort(null);
            socket.Dispose();
            throw new TimeoutException($"Connecting to {options.Host}:{options.Port} took longer than {options.ConnectTimeout}.");
        }
        catch
        {
            connection?.Abort(null);
            socket.Dispose();
            throw;
        }
    }

    public static Task<AmqpConnection> ConnectAsync(string uri, CancellationToken cancellationToken = default) =>
        ConnectAsync(AmqpConnectionOptions.FromUri(uri), cancellationToken);

    /// <summary>Opens a channel (channel.open / open-ok).</summary>
    public async Task<AmqpChannel> CreateChannelAsync()
    {
        AmqpChannel channel;
        lock (_channelsLock)
        {
            ThrowIfNotOpen();
            ushort number = NextFreeChannel();
            channel = new AmqpChannel(this, number);
            _channels.Add(number, channel);
        }

        await channel.OpenAsync().ConfigureAwait(false);
        return channel;
    }

    /// <summary>connection.close 200 and wait for close-ok (bounded), then drop the socket.</summary>
    public async Task CloseAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateOpen) != StateOpen)
        {
            await Completion.ConfigureAwait(false);
            return;
        }

        try
        {
            Send(0, new ConnectionClose { ReplyCode = ReplyCode.Success, ReplyText = "Goodbye" });
            await _closeOk.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or AmqpClosedException or InvalidOperationException)
        {
            // The broker did not answer in time or the socket is already gone: drop it anyway.
        }

        Abort(null);
        await Completion.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    /// <summary>Drops the socket without a close handshake, as if the network failed (tests, shutdown paths).</summary>
    public void Abort() => Abort(new AmqpConnectionLostException("The connection was aborted by the client."));

    internal void Send<TMethod>(ushort channel, in TMethod method)
        where TMethod : IAmqpMethod
    {
        lock (_writeLock)
        {
            ThrowIfClosedLocked();
            FrameWriter.WriteMethod(_output.Writer, channel, method);
            FlushLocked();
        }
    }

    /// <summary>Runs <paramref name="write"/> under the write lock, then flushes: one flush for the whole batch.</summary>
    internal void Write<TState>(TState state, Action<PipeWriter, TState, uint> write)
    {
        lock (_writeLock)
        {
            ThrowIfClosedLocked();
            write(_output.Writer, state, FrameMax);
            FlushLocked();
        }
    }

    internal void RemoveChannel(ushort number)
    {
        lock (_channelsLock)
        {
            _channels.Remove(number);
        }
    }

    private void ThrowIfNotOpen()
    {
        if (Volatile.Read(ref _state) != StateOpen)
        {
            throw CloseReason ?? new AmqpClosedException("The connection is closed.");
        }
    }

    private void ThrowIfClosedLocked()
    {
        if (Volatile.Read(ref _state) == StateClosed)
        {
            throw CloseReason as AmqpProtocolException as Exception
                ?? CloseReason as AmqpConnectionLostException
                ?? (Exception)new AmqpClosedException("The connection is closed.");
        }
    }

    private void FlushLocked()
    {
        // The output pipe never pauses (no threshold), so the flush completes synchronously.
        var flush = _output.Writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            flush.AsTask().GetAwaiter().GetResult();
        }
    }

    private ushort NextFreeChannel()
    {
        ushort max = ChannelMax == 0 ? ushort.MaxValue : ChannelMax;
        for (int i = 0; i < max; i++)
        {
            _lastChannel = _lastChannel >= max ? (ushort)1 : (ushort)(_lastChannel + 1);
            if (!_channels.ContainsKey(_lastChannel))
            {
                return _lastChannel;
            }
        }

        throw new InvalidOperationException($"All {max} channels are in use.");
    }
}
