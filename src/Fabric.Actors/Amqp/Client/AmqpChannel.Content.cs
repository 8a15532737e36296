using System.Buffers;
using Fabric.Amqp.Content;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Client;

/// <summary>Assembles basic.deliver / basic.return with their content header and body frames.</summary>
public sealed partial class AmqpChannel
{
    private ContentKind _contentKind;
    private BasicDeliver _deliver;
    private BasicReturn _return;
    private BasicProperties _contentProperties = BasicProperties.Empty;
    private byte[] _body = [];
    private int _bodyFilled;

    /// <summary>Raised on the receive loop for every basic.return (keep handlers short).</summary>
    public event Action<AmqpChannel, AmqpReturnedMessage>? Returned;

    private enum ContentKind : byte
    {
        None,
        Deliver,
        Return,
    }

    private void BeginDelivery(in BasicDeliver deliver)
    {
        ExpectNoContent();
        _deliver = deliver;
        _contentKind = ContentKind.Deliver;
    }

    private void BeginReturn(in BasicReturn returned)
    {
        ExpectNoContent();
        _return = returned;
        _contentKind = ContentKind.Return;
    }

    private void ExpectNoContent()
    {
        if (_contentKind != ContentKind.None)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"A method arrived on channel {Number} before the previous content was complete.");
        }
    }

    private void HandleContentHeader(in ReadOnlySequence<byte> payload)
    {
        if (_contentKind == ContentKind.None || _body.Length != 0 || _bodyFilled != 0)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected content header on channel {Number}.");
        }

        var header = ContentHeader.Parse(payload);
        _contentProperties = BasicProperties.Decode(FramePayload.Contiguous(header.RawProperties));
        if (header.BodySize > int.MaxValue)
        {
            throw new AmqpProtocolException(ReplyCode.FrameError, $"Body of {header.BodySize} bytes is too large.");
        }

        _body = header.BodySize == 0 ? [] : new byte[header.BodySize];
        _bodyFilled = 0;
        if (header.BodySize == 0)
        {
            CompleteContent();
        }
    }

    private void HandleContentBody(in ReadOnlySequence<byte> payload)
    {
        if (_contentKind == ContentKind.None || _body.Length == 0 || _bodyFilled + payload.Length > _body.Length)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected body frame on channel {Number}.");
        }

        payload.CopyTo(_body.AsSpan(_bodyFilled));
        _bodyFilled += (int)payload.Length;
        if (_bodyFilled == _body.Length)
        {
            CompleteContent();
        }
    }

    private void CompleteContent()
    {
        var kind = _contentKind;
        var body = _body;
        var properties = _contentProperties;
        _contentKind = ContentKind.None;
        _body = [];
        _bodyFilled = 0;
        _contentProperties = BasicProperties.Empty;
        if (kind == ContentKind.Deliver)
        {
            var d = _deliver;
            Dispatch(new AmqpDelivery(d.ConsumerTag, d.DeliveryTag, d.Redelivered, d.Exchange, d.RoutingKey, properties, body));
        }
        else
        {
            var r = _return;
            OnReturned(new AmqpReturnedMessage(r.ReplyCode, r.ReplyText, r.Exchange, r.RoutingKey, properties, body));
        }
    }
}
