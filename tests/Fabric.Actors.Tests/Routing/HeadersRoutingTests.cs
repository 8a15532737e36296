using System.Text;
using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

public class HeadersRoutingTests
{
    private static Dictionary<string, object?> T(params (string Key, object? Value)[] pairs)
    {
        var table = new Dictionary<string, object?>();
        foreach (var (key, value) in pairs) table[key] = value;
        return table;
    }

    private static bool Routes(Dictionary<string, object?> bindingArgs, Dictionary<string, object?>? headers)
    {
        var table = RoutingTable.Empty(ExchangeType.Headers)!
            .WithBinding(new Binding("h", "q", DestinationKind.Queue, "ignored", bindingArgs));
        var output = new List<Destination>();
        table.Route("any-key", headers, output);
        return output.Count == 1;
    }

    [Fact]
    public void All_is_the_default_and_needs_every_argument()
    {
        var args = T(("a", 1), ("b", "x"));
        Assert.True(Routes(args, T(("a", 1), ("b", "x"), ("c", true))));
        Assert.False(Routes(args, T(("a", 1))));
        Assert.False(Routes(args, T(("a", 2), ("b", "x"))));
        Assert.False(Routes(args, null));
    }

    [Fact]
    public void Any_needs_one_argument()
    {
        var args = T(("x-match", "any"), ("a", 1), ("b", "x"));
        Assert.True(Routes(args, T(("a", 1))));
        Assert.True(Routes(args, T(("a", 9), ("b", "x"))));
        Assert.False(Routes(args, T(("a", 9), ("b", "y"))));
        Assert.False(Routes(args, T()));
    }

    [Fact]
    public void No_arguments_all_matches_everything_any_matches_nothing()
    {
        Assert.True(Routes(T(), null));
        Assert.True(Routes(T(("x-match", "all")), T(("a", 1))));
        Assert.False(Routes(T(("x-match", "any")), T(("a", 1))));
    }

    [Fact]
    public void X_arguments_are_ignored_by_all_and_any()
    {
        Assert.True(Routes(T(("x-match", "all"), ("x-foo", "bar"), ("a", 1)), T(("a", 1))));
        Assert.False(Routes(T(("x-match", "any"), ("x-foo", "bar")), T(("x-foo", "bar"))));
    }

    [Fact]
    public void With_x_modes_count_x_arguments()
    {
        Assert.False(Routes(T(("x-match", "all-with-x"), ("x-foo", "bar"), ("a", 1)), T(("a", 1))));
        Assert.True(Routes(T(("x-match", "all-with-x"), ("x-foo", "bar"), ("a", 1)), T(("a", 1), ("x-foo", "bar"))));
        Assert.True(Routes(T(("x-match", "any-with-x"), ("x-foo", "bar")), T(("x-foo", "bar"))));
        // x-match itself is never a condition, whatever the headers say.
        Assert.True(Routes(T(("x-match", "all-with-x"), ("a", 1)), T(("a", 1))));
    }

    [Fact]
    public void Void_argument_matches_presence_of_any_value()
    {
        Assert.True(Routes(T(("a", null)), T(("a", "whatever"))));
        Assert.True(Routes(T(("a", null)), T(("a", null))));
        Assert.False(Routes(T(("a", null)), T(("b", 1))));
        Assert.False(Routes(T(("a", 1)), T(("a", null))));
        Assert.True(Routes(T(("x-match", "any"), ("a", null), ("b", 1)), T(("a", 0))));
    }

    [Fact]
    public void Values_compare_by_content()
    {
        Assert.True(Routes(T(("n", (short)5)), T(("n", 5L))));
        Assert.True(Routes(T(("n", (byte)5)), T(("n", 5u))));
        Assert.False(Routes(T(("n", 5)), T(("n", 6L))));
        Assert.True(Routes(T(("n", 2)), T(("n", 2.0))));
        Assert.True(Routes(T(("s", "héllo")), T(("s", Encoding.UTF8.GetBytes("héllo")))));
        Assert.True(Routes(T(("s", Encoding.UTF8.GetBytes("abc"))), T(("s", new byte[] { 97, 98, 99 }))));
        Assert.False(Routes(T(("s", "abc")), T(("s", "abd"))));
        Assert.False(Routes(T(("b", true)), T(("b", 1))));
        Assert.True(Routes(T(("t", T(("k", 1), ("j", "v")))), T(("t", T(("j", "v"), ("k", 1L))))));
        Assert.True(Routes(T(("l", new List<object?> { 1, "a" })), T(("l", new object?[] { 1L, "a" }))));
        Assert.False(Routes(T(("l", new List<object?> { 1, "a" })), T(("l", new object?[] { "a", 1 }))));
    }

    [Fact]
    public void Byte_string_x_match_is_understood()
    {
        Assert.True(Routes(T(("x-match", Encoding.UTF8.GetBytes("any")), ("a", 1), ("b", 2)), T(("b", 2))));
    }

    [Fact]
    public void Invalid_x_match_is_refused_by_validation()
    {
        var bad = new Binding("h", "q", DestinationKind.Queue, "", T(("x-match", "some")));
        Assert.NotNull(RoutingTable.Validate(ExchangeType.Headers, bad));
        Assert.Null(RoutingTable.Validate(ExchangeType.Direct, bad));
        var good = new Binding("h", "q", DestinationKind.Queue, "", T(("x-match", "any-with-x")));
        Assert.Null(RoutingTable.Validate(ExchangeType.Headers, good));
    }
}
