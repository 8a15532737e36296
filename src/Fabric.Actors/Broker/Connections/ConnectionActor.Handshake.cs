using System.Net;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private uint _frameMax = AmqpConstants.FrameMinSize;
    private ushort _channelMax;
    private BrokerUser? _user;
    private IVirtualHost? _vhost;
    private SessionInfo? _session;
    private bool _clientSupportsBlocked;
    private bool _clientSupportsCancelNotify;

    private void SendStart()
    {
        var mechanisms = string.Join(' ', _broker.Settings.Auth.Mechanisms);
        FrameWriter.WriteMethod(_output, 0, new ConnectionStart
        {
            VersionMajor = 0,
            VersionMinor = 9,
            ServerProperties = ServerProperties.For(_broker.Settings.Node.Name),
            Mechanisms = Encoding.UTF8.GetBytes(mechanisms),
            Locales = "en_US"u8.ToArray(),
        });
        MarkDirty();
    }

    private void HandleConnectionMethod(MethodId id, ReadOnlySpan<byte> payload)
    {
        var args = MethodDecoder.Arguments(payload);
        switch (id.Key)
        {
            case ConnectionClose.Key:
                OnClientClose(ConnectionClose.Decode(args, strings: null));
                return;
            case ConnectionCloseOk.Key:
                if (_phase == ConnectionPhase.Closing)
                {
                    CloseTransport();
                }

                return;
        }

        if (_phase == ConnectionPhase.Closing)
        {
            return; // after our close, everything else is discarded
        }

        switch (id.Key)
        {
            case ConnectionStartOk.Key when _phase == ConnectionPhase.AwaitingStartOk:
                OnStartOk(ConnectionStartOk.Decode(args, strings: null));
                break;
            case ConnectionTuneOk.Key when _phase == ConnectionPhase.AwaitingTuneOk:
                OnTuneOk(ConnectionTuneOk.Decode(args));
                break;
            case ConnectionOpen.Key when _phase == ConnectionPhase.AwaitingOpen:
                OnOpen(ConnectionOpen.Decode(args, strings: null));
                break;
            case ConnectionUpdateSecret.Key when _phase == ConnectionPhase.Open:
                ConnectionUpdateSecret.Decode(args);
                FrameWriter.WriteMethod(_output, 0, new ConnectionUpdateSecretOk());
                MarkDirty();
                break;
            case ConnectionBlocked.Key or ConnectionUnblocked.Key:
                break;
            default:
                // Decoding first turns an unknown method into 503 COMMAND_INVALID.
                var method = MethodDecoder.Decode(payload, strings: null);
                throw method.Id.ClassId == ConnectionClose.ClassIndex
                    ? Error(ReplyCode.CommandInvalid, $"unexpected {Describe(method.Id)} in state {_phase}")
                    : Error(ReplyCode.ChannelError, $"{Describe(method.Id)} is not allowed on channel 0");
        }
    }

    private void OnStartOk(ConnectionStartOk startOk)
    {
        ReadClientCapabilities(startOk.ClientProperties);
        string mechanism = startOk.Mechanism;
        if (!IsOffered(mechanism))
        {
            throw Error(ReplyCode.AccessRefused, $"ACCESS_REFUSED - unsupported authentication mechanism '{mechanism}'");
        }

        BrokerUser? user = null;
        string userName = "";
        if (SaslCredentials.TryParse(mechanism, startOk.Response, out var credentials))
        {
            userName = credentials.User;
            user = _broker.Access.Authenticate(credentials.User, credentials.Password);
        }

        if (user is null)
        {
            _log.LogWarning("Connection {Connection}: login of user '{User}' refused (mechanism {Mechanism})", Name, userName, mechanism);
            throw Error(ReplyCode.AccessRefused,
                $"ACCESS_REFUSED - Login was refused using authentication mechanism {mechanism}. For details see the broker logfile.");
        }

        if (!_broker.Access.IsAllowedFrom(user, (_remote as IPEndPoint)?.Address))
        {
            _log.LogWarning("Connection {Connection}: user '{User}' can only connect via localhost", Name, user.Name);
            throw Error(ReplyCode.AccessRefused, $"ACCESS_REFUSED - user '{user.Name}' can only connect via localhost");
        }

        _user = user;
        _phase = ConnectionPhase.AwaitingTuneOk;
        FrameWriter.WriteMethod(_output, 0, new ConnectionTune
        {
            ChannelMax = _settings.ChannelMax,
            FrameMax = (uint)_settings.FrameMax,
            Heartbeat = (ushort)_settings.Heartbeat.TotalSeconds,
        });
        MarkDirty();
    }

    private bool IsOffered(string mechanism)
    {
        foreach (var offered in _broker.Settings.Auth.Mechanisms)
        {
            if (string.Equals(offered, mechanism, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void ReadClientCapabilities(FieldTable clientProperties)
    {
        if (clientProperties.TryGetValue("capabilities", out var value) && value is FieldTable capabilities)
        {
            _clientSupportsBlocked = capabilities.TryGetValue("connection.blocked", out var b) && b is true;
            _clientSupportsCancelNotify = capabilities.TryGetValue("consumer_cancel_notify", out var c) && c is true;
        }
    }

    private void OnTuneOk(ConnectionTuneOk tuneOk)
    {
        uint serverFrameMax = (uint)_settings.FrameMax;
        uint frameMax = tuneOk.FrameMax == 0 ? serverFrameMax : tuneOk.FrameMax;
        if (frameMax < AmqpConstants.FrameMinSize)
        {
            throw Error(ReplyCode.NotAllowed, $"frame_max={frameMax} < {AmqpConstants.FrameMinSize} min size");
        }

        if (frameMax > serverFrameMax)
        {
            throw Error(ReplyCode.NotAllowed, $"frame_max={frameMax} > {serverFrameMax} max size");
        }

        ushort channelMax = tuneOk.ChannelMax == 0 ? _settings.ChannelMax : tuneOk.ChannelMax;
        if (channelMax > _settings.ChannelMax)
        {
            throw Error(ReplyCode.NotAllowed, $"channel_max={channelMax} > {_settings.ChannelMax} max size");
        }

        _frameMax = frameMax;
        _channelMax = channelMax;
        _phase = ConnectionPhase.AwaitingOpen;
        StartHeartbeats(tuneOk.Heartbeat);
    }

    private void OnOpen(ConnectionOpen open)
    {
        var user = _user!;
        string name = open.VirtualHost.Length == 0 ? "/" : open.VirtualHost;
        var vhost = _broker.FindVirtualHost(name);
        if (vhost is null || !_broker.Access.HasVirtualHostAccess(user, name))
        {
            throw Error(ReplyCode.NotAllowed, $"access to vhost '{name}' refused for user '{user.Name}'");
        }

        _vhost = vhost;
        _session = new SessionInfo(_id, user, name, Self);
        _broker.SessionOpened(_session);
        _phase = ConnectionPhase.Open;
        Timers.Cancel("handshake");
        FrameWriter.WriteMethod(_output, 0, new ConnectionOpenOk { KnownHosts = "" });
        MarkDirty();
        _log.LogInformation("Connection {Connection}: user '{User}' authenticated and granted access to vhost '{VirtualHost}'",
            Name, user.Name, name);
    }

    private void OnClientClose(ConnectionClose close)
    {
        if (_phase == ConnectionPhase.Closed)
        {
            return;
        }

        _log.LogDebug("Connection {Connection}: client closed with {Code} {Text}", Name, close.ReplyCode, close.ReplyText);
        Cleanup();
        FrameWriter.WriteMethod(_output, 0, new ConnectionCloseOk());
        _closeAfterFlush = true;
        _phase = ConnectionPhase.Closing;
        MarkDirty();
    }

    private static string Describe(MethodId id) => "'" + MethodNames.Of(id) + "'";
}
