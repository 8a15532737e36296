namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class NamingTests : TestKit
{
    [Fact]
    public void Duplicate_live_name_throws_InvalidActorNameException()
    {
        Sys.ActorOf(Props.Create<Echo>(), "dup");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "dup"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$reserved")]
    [InlineData("a/b")]
    [InlineData("with space")]
    public void Malformed_names_are_rejected(string name) =>
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), name));

    [Fact]
    public void A_name_can_be_reused_after_the_actor_terminated()
    {
        var first = Sys.ActorOf(Props.Create<Echo>(), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        // The parent frees the name when it processes the child's termination; that may trail our Terminated.
        IActorRef? second = null;
        AwaitAssert(() => second = Sys.ActorOf(Props.Create<Echo>(), "reused"));
        Assert.NotEqual(first, second);
        second!.Tell("again");
        ExpectMsg("again");
    }

    [Fact]
    public void Generated_names_are_unique()
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            var actor = Sys.ActorOf(Props.Create<Echo>());
            Assert.StartsWith("$", actor.Path.Name);
            Assert.True(names.Add(actor.Path.Name));
        }
    }

    [Fact]
    public void Paths_resolve_to_live_actors()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(null, null)), "parent");
        parent.Tell(new CreateChild(Props.Create<Echo>(), "child"));
        var child = ExpectMsg<IActorRef>();
        Assert.Equal("fabric://test/user/parent/child", child.Path.ToString());
        Assert.Equal(["user", "parent", "child"], child.Path.Elements);
        Assert.Equal(parent.Path, child.Path.Parent);
        Assert.Equal(child, Sys.ResolvePath("/user/parent/child"));
        Assert.Equal(child, Sys.ResolvePath("fabric://test/user/parent/child"));
        Assert.Equal(parent, Sys.ResolvePath("/user/parent"));
        Assert.Null(Sys.ResolvePath("/user/parent/nobody"));
        Assert.Null(Sys.ResolvePath("fabric://other/user/parent"));
        Assert.Null(Sys.ResolvePath("relative/path"));
        Watch(child);
        Sys.Stop(child);
        ExpectTerminated(child);
        Assert.Null(Sys.ResolvePath("/user/parent/child"));
    }
}
