namespace Fabric.Amqp.Frames;

public enum FrameParseStatus
{
    /// <summary>A complete frame was parsed and the reader advanced past it.</summary>
    Ok,

    /// <summary>The buffer holds no complete frame; the reader was not advanced.</summary>
    NeedMoreData,

    /// <summary>The octet after the payload is not 0xCE (501 FRAME_ERROR).</summary>
    BadFrameEnd,

    /// <summary>Payload + 8 exceeds the negotiated frame-max (501 FRAME_ERROR).</summary>
    FrameTooLarge,

    /// <summary>A frame type other than 1, 2, 3, 8 (501 FRAME_ERROR, as RabbitMQ answers).</summary>
    UnknownFrameType,
}
