using System.Buffers;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;

namespace Fabric.Actors.Tests.Amqp;

public class MethodRoundTripTests
{
    public static TheoryData<string> MethodNames()
    {
        var data = new TheoryData<string>();
        foreach (var method in MethodSamples.All)
        {
            data.Add(method.GetType().Name);
        }

        return data;
    }

    [Fact]
    public void Samples_cover_all_66_methods_with_distinct_ids()
    {
        var ids = new HashSet<MethodId>();
        foreach (var method in MethodSamples.All)
        {
            Assert.True(ids.Add(method.Id), $"duplicate id {method.Id}");
            Assert.NotNull(MethodDecoder.NameOf(method.Id));
        }

        Assert.Equal(66, ids.Count);
    }

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void Method_survives_encode_parse_decode_encode(string name)
    {
        var method = MethodSamples.All.Single(m => m.GetType().Name == name);
        byte[] frameBytes = Samples.EncodeMethodFrame(method, channel: 7);

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frameBytes));
        Assert.Equal(FrameParseStatus.Ok, FrameParser.TryParse(ref reader, 131072, out var frame));
        Assert.True(reader.End);
        Assert.Equal(FrameType.Method, frame.Type);
        Assert.Equal(7, frame.Channel);

        var decoded = MethodDecoder.Decode(frame.Payload);
        Assert.Equal(method.GetType(), decoded.GetType());
        Assert.Equal(method.Id, decoded.Id);
        Assert.Equal(frameBytes, Samples.EncodeMethodFrame(decoded, channel: 7));
        Assert.True(decoded.MaxArgumentsSize() >= frameBytes.Length - 12);

        // The same bytes split into 3-byte segments decode identically.
        var split = new SequenceReader<byte>(Samples.Segmented(frameBytes, 3));
        Assert.Equal(FrameParseStatus.Ok, FrameParser.TryParse(ref split, 0, out var splitFrame));
        Assert.Equal(frameBytes, Samples.EncodeMethodFrame(MethodDecoder.Decode(splitFrame.Payload), channel: 7));
    }

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void Every_truncation_of_the_arguments_is_a_syntax_error(string name)
    {
        var method = MethodSamples.All.Single(m => m.GetType().Name == name);
        byte[] payload = Samples.EncodeMethodFrame(method)[7..^1];
        for (int length = 4; length < payload.Length; length++)
        {
            var ex = Assert.Throws<AmqpProtocolException>(() => MethodDecoder.Decode(payload.AsSpan(0, length)));
            Assert.Equal(ReplyCode.SyntaxError, ex.ReplyCode);
            Assert.Equal(method.Id.ClassId, ex.ClassId);
            Assert.Equal(method.Id.Method, ex.MethodId);
        }

        byte[] longer = [.. payload, 0];
        Assert.Equal(ReplyCode.SyntaxError, Assert.Throws<AmqpProtocolException>(() => MethodDecoder.Decode(longer)).ReplyCode);
    }
}
