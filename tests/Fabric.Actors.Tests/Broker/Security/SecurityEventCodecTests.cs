using Fabric.Broker.Durability;
using Fabric.Broker.Security.Events;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

public sealed class SecurityEventCodecTests
{
    private static readonly SecurityEventSerializer Codec = SecurityEventSerializer.Instance;

    private static readonly Gen<string> Name = ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get);

    private static readonly Gen<byte[]> Bytes = ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null);

    private static readonly Gen<string[]> Tags = Gen.ArrayOf(Name);

    private static readonly Gen<UserAdded> User =
        from name in Name from salt in Bytes from hash in Bytes from tags in Tags select new UserAdded(name, salt, hash, tags);

    private static readonly Gen<PermissionsSet> Permissions =
        from user in Name from vhost in Name from c in Name from w in Name from r in Name select new PermissionsSet(user, vhost, c, w, r);

    private static readonly Gen<object> Event = Gen.OneOf(
        User.Select(e => (object)e),
        Name.Select(n => (object)new UserDeleted(n)),
        User.Select(u => (object)new PasswordChanged(u.Name, u.Salt, u.Hash)),
        User.Select(u => (object)new UserTagsSet(u.Name, u.Tags)),
        Name.Select(n => (object)new VirtualHostAdded(n)),
        Name.Select(n => (object)new VirtualHostDeleted(n)),
        Permissions.Select(p => (object)p),
        Permissions.Select(p => (object)new PermissionsCleared(p.User, p.VirtualHost)),
        from users in Gen.ArrayOf(User) from vhosts in Tags from permissions in Gen.ArrayOf(Permissions)
        select (object)new SecuritySnapshot(users, vhosts, permissions));

    [Fact]
    public void Every_event_round_trips_to_identical_bytes()
    {
        Prop.ForAll(Event.ToArbitrary(), value =>
        {
            var manifest = Codec.ManifestOf(value);
            var bytes = Codec.ToBinary(value);
            var decoded = Codec.FromBinary(manifest, bytes);
            Assert.Equal(value.GetType(), decoded.GetType());
            Assert.Equal(bytes, Codec.ToBinary(decoded));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_truncation_and_trailing_byte_is_a_corrupt_event()
    {
        Prop.ForAll(Event.ToArbitrary(), value =>
        {
            var manifest = Codec.ManifestOf(value);
            var bytes = Codec.ToBinary(value);
            for (var length = 0; length < bytes.Length; length++)
                Assert.Throws<EventFormatException>(() => Codec.FromBinary(manifest, bytes.AsMemory(0, length)));
            Assert.Throws<EventFormatException>(() => Codec.FromBinary(manifest, bytes.Concat(new byte[] { 0 }).ToArray()));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoded_fields_equal_the_written_ones()
    {
        var added = (UserAdded)Codec.FromBinary("ua1", Codec.ToBinary(new UserAdded("ü", new byte[] { 1, 2 }, new byte[] { 3 }, ["a", "b"])));
        Assert.Equal("ü", added.Name);
        Assert.Equal([1, 2], added.Salt.ToArray());
        Assert.Equal([3], added.Hash.ToArray());
        Assert.Equal(["a", "b"], added.Tags);
        var set = new PermissionsSet("u", "v", "c", "w", "r");
        Assert.Equal(set, Codec.FromBinary("ps1", Codec.ToBinary(set)));
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<EventFormatException>(() => Codec.FromBinary("zz9", new byte[] { 1 }));
        Assert.Contains("zz9", error.Message);
    }
}
