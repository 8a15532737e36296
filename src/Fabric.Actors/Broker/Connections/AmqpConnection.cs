using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Fabric.Actors;
using Fabric.Actors.Cell;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Broker.Contracts;

namespace Fabric.Broker.Connections;

/// <summary>
/// Runs one AMQP 0-9-1 client connection over a duplex pipe (Kestrel's transport, or an in-memory pipe pair in tests):
/// checks the protocol header, starts a connection actor that owns the protocol state and the output, and feeds it
/// the bytes read from the input until the connection ends.
/// </summary>
public static class AmqpConnection
{
    /// <param name="readProtocolHeader">False when the caller has already consumed a valid "AMQP 0-9-1" header.</param>
    public static async Task RunAsync(IDuplexPipe transport, EndPoint? remoteEndPoint, IBroker broker,
        bool readProtocolHeader = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(broker);
        var input = transport.Input;
        var output = transport.Output;
        if (readProtocolHeader && !await AcceptHeaderAsync(input, output, broker.Settings.Amqp.HandshakeTimeout, cancellationToken))
        {
            return;
        }

        long id = broker.NextConnectionId();
        var link = new TransportLink(input, output);
        var props = Props.Create(() => new ConnectionActor(broker, link, remoteEndPoint, id));
        var actor = broker.System.ActorOf(props, "amqp-connection-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Stopping is the actor's business: it sends connection.close 320 and keeps reading until close-ok (or its
        // timeout), so the client sees why; this also reaches it while the read loop is parked.
        using var stopping = cancellationToken.Register(
            static state => ((IActorRef)state!).Tell(new ForceClose("shutdown"), ActorRefs.Nobody), actor);
        try
        {
            await ReadLoopAsync(input, link, actor);
        }
        finally
        {
            actor.Tell(InboundClosed.Instance, ActorRefs.Nobody);
            await link.Done.ConfigureAwait(false);
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static async Task ReadLoopAsync(PipeReader input, TransportLink link, IActorRef actor)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    link.BeginHandOver();
                    // An idle connection actor parses on this thread (the socket's, with inline scheduling).
                    if (actor is LocalActorRef local)
                    {
                        local.TellAndRun(new InboundData(buffer), ActorRefs.Nobody);
                    }
                    else
                    {
                        actor.Tell(new InboundData(buffer), ActorRefs.Nobody);
                    }

                    var decision = await link.Gate.WaitAsync().ConfigureAwait(false);
                    input.AdvanceTo(decision.HasPosition ? decision.Consumed : buffer.Start, buffer.End);
                    if (decision.Stop)
                    {
                        return;
                    }
                }
                else
                {
                    input.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException
                                      or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // The socket went away: the actor cleans up on InboundClosed.
        }
    }

    /// <summary>True when a valid header arrived; on a wrong one our header is sent back and the output closed.</summary>
    private static async Task<bool> AcceptHeaderAsync(PipeReader input, PipeWriter output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cts.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                if (FrameParser.TryReadProtocolHeader(ref reader, out bool supported))
                {
                    if (supported)
                    {
                        input.AdvanceTo(reader.Position);
                        return true;
                    }

                    input.AdvanceTo(buffer.End);
                    await output.WriteAsync(AmqpConstants.ProtocolHeader.ToArray(), cancellationToken).ConfigureAwait(false);
                    break;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException
                                      or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // Timed out, or the peer went away before sending 8 bytes.
        }

        await output.CompleteAsync().ConfigureAwait(false);
        await input.CompleteAsync().ConfigureAwait(false);
        return false;
    }
}
