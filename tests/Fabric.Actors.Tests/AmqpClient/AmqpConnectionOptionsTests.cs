using Fabric.Amqp.Client;
using Xunit;

namespace Fabric.Actors.Tests.AmqpClient;

public sealed class AmqpConnectionOptionsTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5673/", "127.0.0.1", 5673, "/", "guest", "guest")]
    [InlineData("amqp://localhost", "localhost", 5672, "/", "guest", "guest")]
    [InlineData("amqp://u%40x:p%3Aw@host/%2f", "host", 5672, "/", "u@x", "p:w")]
    [InlineData("amqp://u:p@host:1234/prod", "host", 1234, "prod", "u", "p")]
    [InlineData("amqp://only-user@host/", "host", 5672, "/", "only-user", "guest")]
    public void Uris_are_read_as_the_amqp_uri_spec_says(string uri, string host, int port, string vhost, string user, string password)
    {
        var options = AmqpConnectionOptions.FromUri(uri);
        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
        Assert.Equal(vhost, options.VirtualHost);
        Assert.Equal(user, options.UserName);
        Assert.Equal(password, options.Password);
    }

    [Fact]
    public void Other_schemes_are_refused() =>
        Assert.Throws<ArgumentException>(() => AmqpConnectionOptions.FromUri("amqps://host/"));
}
