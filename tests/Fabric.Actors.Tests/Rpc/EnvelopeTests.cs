using System.Text;
using System.Text.Json;
using Fabric.Rpc;
using Fabric.Rpc.Envelope;
using Xunit;

namespace Fabric.Actors.Tests.Rpc;

/// <summary>The wire format, as oslo.messaging 14's amqp driver writes and reads it.</summary>
public sealed class EnvelopeTests
{
    [Fact]
    public void Call_is_enveloped_with_oslo_keys_in_oslo_order()
    {
        var context = RpcContext.Empty.With("user_id", "u1").With("roles", new[] { "admin" });
        var body = MessageWriter.Request(context, "add", new { a = 1, b = 2 }, "baseapi", "1.2", "m1", "reply_q1", "u-1");

        using var outer = JsonDocument.Parse(body);
        var envelope = outer.RootElement;
        Assert.Equal(["oslo.version", "oslo.message"], Names(envelope));
        Assert.Equal("2.0", envelope.GetProperty("oslo.version").GetString());
        Assert.Equal(JsonValueKind.String, envelope.GetProperty("oslo.message").ValueKind);

        using var inner = JsonDocument.Parse(envelope.GetProperty("oslo.message").GetString()!);
        var message = inner.RootElement;
        Assert.Equal(
            ["method", "args", "namespace", "version", "_msg_id", "_reply_q", "_timeout", "_unique_id", "_context_user_id", "_context_roles"],
            Names(message));
        Assert.Equal(JsonValueKind.Null, message.GetProperty("_timeout").ValueKind);
        Assert.Equal(2, message.GetProperty("args").GetProperty("b").GetInt32());
        Assert.Equal("admin", message.GetProperty("_context_roles")[0].GetString());
    }

    [Fact]
    public void Cast_has_no_reply_fields_and_omits_unset_namespace_and_version()
    {
        var body = MessageWriter.Request(RpcContext.Empty, "record", null, null, null, null, null, "u-2");
        using var inner = JsonDocument.Parse(Unwrapped(body));
        Assert.Equal(["method", "args", "_unique_id"], Names(inner.RootElement));
        Assert.Equal(JsonValueKind.Object, inner.RootElement.GetProperty("args").ValueKind);
    }

    [Fact]
    public void Request_round_trips_and_unpacks_context_like_oslo()
    {
        var context = RpcContext.Empty.With("request_id", "req-1").With("is_admin", true);
        var request = RpcRequest.Parse(MessageWriter.Request(context, "echo", new Dictionary<string, object> { ["text"] = "héllo \"q\"" }, null, null, "m2", "reply_x", "u-3"));
        Assert.Equal("echo", request.Method);
        Assert.Equal("héllo \"q\"", request.Args.GetProperty("text").GetString());
        Assert.Equal("1.0", request.Version);
        Assert.Null(request.Namespace);
        Assert.Equal("m2", request.MessageId);
        Assert.Equal("reply_x", request.ReplyQueue);
        Assert.Null(request.ClientTimeout);
        Assert.Equal("u-3", request.UniqueId);
        Assert.Equal("req-1", request.Context.GetString("request_id"));
        Assert.True(request.Context.Values["is_admin"].GetBoolean());
        Assert.Equal(2, request.Context.Count);
    }

    [Fact]
    public void A_message_as_Python_oslo_writes_it_is_read()
    {
        // Captured shape of oslo.messaging 14 + kombu: json.dumps separators, nested JSON string.
        const string body = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": \\\"add\\\", \\\"args\\\": {\\\"a\\\": 2, \\\"b\\\": 3}, "
            + "\\\"version\\\": \\\"1.3\\\", \\\"_msg_id\\\": \\\"8f2c\\\", \\\"_reply_q\\\": \\\"reply_ab\\\", \\\"_timeout\\\": null, "
            + "\\\"_unique_id\\\": \\\"77aa\\\", \\\"_context_user_id\\\": \\\"bob\\\"}\"}";
        var request = RpcRequest.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Equal("add", request.Method);
        Assert.Equal(3, request.Args.GetProperty("b").GetInt32());
        Assert.Equal("1.3", request.Version);
        Assert.Equal("reply_ab", request.ReplyQueue);
        Assert.Equal("bob", request.Context.GetString("user_id"));
    }

    [Fact]
    public void Reply_carries_result_failure_ending_msg_id_and_unique_id()
    {
        var result = JsonSerializer.SerializeToElement(new { x = 1 });
        var body = MessageWriter.Reply("m3", result, null, "u-4");
        using var inner = JsonDocument.Parse(Unwrapped(body));
        Assert.Equal(["result", "failure", "ending", "_msg_id", "_unique_id"], Names(inner.RootElement));
        Assert.Equal(JsonValueKind.Null, inner.RootElement.GetProperty("failure").ValueKind);
        Assert.True(inner.RootElement.GetProperty("ending").GetBoolean());

        var reply = RpcReply.Parse(body);
        Assert.Equal("m3", reply.MessageId);
        Assert.Equal(1, reply.Result!.Value.GetProperty("x").GetInt32());
        Assert.True(reply.Ending);
        Assert.Null(reply.Failure);
    }

    [Fact]
    public void Failure_is_a_json_string_with_oslo_fields_and_deserializes_to_remote_error()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("no host");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var failure = RemoteFailure.Serialize(thrown);
        using (var document = JsonDocument.Parse(failure))
        {
            var root = document.RootElement;
            Assert.Equal(["class", "module", "message", "tb", "args", "kwargs"], Names(root));
            Assert.Equal("InvalidOperationException", root.GetProperty("class").GetString());
            Assert.Equal("System", root.GetProperty("module").GetString());
            Assert.Equal("no host", root.GetProperty("args")[0].GetString());
        }

        var reply = RpcReply.Parse(MessageWriter.Reply("m4", null, failure, "u-5"));
        Assert.Equal(failure, reply.Failure);
        var remote = RemoteFailure.Deserialize(reply.Failure!);
        Assert.Equal("InvalidOperationException", remote.ExcType);
        Assert.Equal("no host", remote.Value);
        Assert.StartsWith("Remote error: InvalidOperationException no host\n", remote.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatcher_errors_use_oslo_names()
    {
        using var noSuch = JsonDocument.Parse(RemoteFailure.Serialize(new NoSuchMethodException("frob")));
        Assert.Equal("NoSuchMethod", noSuch.RootElement.GetProperty("class").GetString());
        Assert.Equal("oslo_messaging.rpc.dispatcher", noSuch.RootElement.GetProperty("module").GetString());
        Assert.Equal("Endpoint does not support RPC method frob", noSuch.RootElement.GetProperty("message").GetString());
        using var version = JsonDocument.Parse(RemoteFailure.Serialize(new UnsupportedVersionException("2.1", "frob")));
        Assert.Equal("UnsupportedVersion", version.RootElement.GetProperty("class").GetString());
        Assert.Equal("Endpoint does not support RPC version 2.1. Attempted method: frob", version.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Unenveloped_bodies_are_taken_as_they_are_and_newer_envelopes_refused()
    {
        var plain = RpcRequest.Parse("{\"method\": \"ping\", \"args\": {}}"u8.ToArray());
        Assert.Equal("ping", plain.Method);
        Assert.Throws<RpcException>(() => RpcRequest.Parse("{\"oslo.version\": \"3.0\", \"oslo.message\": \"{}\"}"u8.ToArray()));
    }

    [Theory]
    [InlineData("1.3", "1.0", true)]
    [InlineData("1.3", "1.3", true)]
    [InlineData("1.3", "1.4", false)]
    [InlineData("1.3", "2.0", false)]
    [InlineData("2.0", "1.9", false)]
    [InlineData("1.3.2", "1.3.1", true)]
    [InlineData("1.3.2", "1.3.3", false)]
    [InlineData("1.3", "1.2.9", true)]
    [InlineData(null, "9.9", true)]
    [InlineData("1.0", null, false)]
    public void Versions_are_compatible_as_oslo_decides(string? implemented, string? requested, bool compatible) =>
        Assert.Equal(compatible, RpcVersion.IsCompatible(implemented, requested));

    private static string[] Names(JsonElement element)
    {
        var names = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            names.Add(property.Name);
        }

        return [.. names];
    }

    private static string Unwrapped(byte[] body)
    {
        using var outer = JsonDocument.Parse(body);
        return outer.RootElement.GetProperty("oslo.message").GetString()!;
    }
}
