using Fabric.Broker.Durability;
using Fabric.Persistence.Actors;

namespace Fabric.Broker.Security.Events;

/// <summary>
/// The binary codec of the security events and snapshot (layouts in docs/DURABILITY.md §7), in the broker events'
/// primitives. A changed layout gets a new manifest; old manifests stay readable.
/// </summary>
public sealed class SecurityEventSerializer : IEventSerializer
{
    public const string UserAddedV1 = "ua1";
    public const string UserDeletedV1 = "ux1";
    public const string PasswordChangedV1 = "up1";
    public const string UserTagsSetV1 = "ut1";
    public const string VirtualHostAddedV1 = "va1";
    public const string VirtualHostDeletedV1 = "vx1";
    public const string PermissionsSetV1 = "ps1";
    public const string PermissionsClearedV1 = "pc1";
    public const string SecuritySnapshotV1 = "ss1";

    public static readonly SecurityEventSerializer Instance = new();

    private SecurityEventSerializer() { }

    public IReadOnlyList<Type> Types { get; } =
    [
        typeof(UserAdded), typeof(UserDeleted), typeof(PasswordChanged), typeof(UserTagsSet), typeof(VirtualHostAdded),
        typeof(VirtualHostDeleted), typeof(PermissionsSet), typeof(PermissionsCleared), typeof(SecuritySnapshot),
    ];

    public IReadOnlyList<string> Manifests { get; } =
    [
        UserAddedV1, UserDeletedV1, PasswordChangedV1, UserTagsSetV1, VirtualHostAddedV1, VirtualHostDeletedV1,
        PermissionsSetV1, PermissionsClearedV1, SecuritySnapshotV1,
    ];

    public string ManifestOf(object value) => value switch
    {
        UserAdded => UserAddedV1,
        UserDeleted => UserDeletedV1,
        PasswordChanged => PasswordChangedV1,
        UserTagsSet => UserTagsSetV1,
        VirtualHostAdded => VirtualHostAddedV1,
        VirtualHostDeleted => VirtualHostDeletedV1,
        PermissionsSet => PermissionsSetV1,
        PermissionsCleared => PermissionsClearedV1,
        SecuritySnapshot => SecuritySnapshotV1,
        _ => throw new ArgumentException($"{value.GetType()} is not a security event.", nameof(value)),
    };

    public byte[] ToBinary(object value)
    {
        var size = value switch
        {
            UserAdded e => SizeOf(e),
            UserDeleted e => EventSize.String(e.Name),
            PasswordChanged e => EventSize.String(e.Name) + EventSize.Bytes(e.Salt.Length) + EventSize.Bytes(e.Hash.Length),
            UserTagsSet e => EventSize.String(e.Name) + SizeOf(e.Tags),
            VirtualHostAdded e => EventSize.String(e.Name),
            VirtualHostDeleted e => EventSize.String(e.Name),
            PermissionsSet e => SizeOf(e),
            PermissionsCleared e => EventSize.String(e.User) + EventSize.String(e.VirtualHost),
            SecuritySnapshot s => SizeOf(s),
            _ => throw new ArgumentException($"{value.GetType()} is not a security event.", nameof(value)),
        };
        var buffer = new byte[size];
        var writer = new EventWriter(buffer);
        switch (value)
        {
            case UserAdded e: Write(ref writer, e); break;
            case UserDeleted e: writer.String(e.Name); break;
            case PasswordChanged e:
                writer.String(e.Name);
                writer.Bytes(e.Salt.Span);
                writer.Bytes(e.Hash.Span);
                break;
            case UserTagsSet e:
                writer.String(e.Name);
                Write(ref writer, e.Tags);
                break;
            case VirtualHostAdded e: writer.String(e.Name); break;
            case VirtualHostDeleted e: writer.String(e.Name); break;
            case PermissionsSet e: Write(ref writer, e); break;
            case PermissionsCleared e:
                writer.String(e.User);
                writer.String(e.VirtualHost);
                break;
            case SecuritySnapshot s: Write(ref writer, s); break;
        }
        return buffer;
    }

    public object FromBinary(string manifest, ReadOnlyMemory<byte> bytes)
    {
        var reader = new EventReader(bytes, manifest);
        object value = manifest switch
        {
            UserAddedV1 => ReadUser(ref reader),
            UserDeletedV1 => new UserDeleted(reader.String()),
            PasswordChangedV1 => new PasswordChanged(reader.String(), reader.Bytes(), reader.Bytes()),
            UserTagsSetV1 => new UserTagsSet(reader.String(), ReadTags(ref reader)),
            VirtualHostAddedV1 => new VirtualHostAdded(reader.String()),
            VirtualHostDeletedV1 => new VirtualHostDeleted(reader.String()),
            PermissionsSetV1 => ReadPermissions(ref reader),
            PermissionsClearedV1 => new PermissionsCleared(reader.String(), reader.String()),
            SecuritySnapshotV1 => ReadSnapshot(ref reader),
            _ => throw new EventFormatException($"Unknown security event manifest '{manifest}'."),
        };
        reader.EnsureEnd();
        return value;
    }

    private static int SizeOf(UserAdded e) =>
        EventSize.String(e.Name) + EventSize.Bytes(e.Salt.Length) + EventSize.Bytes(e.Hash.Length) + SizeOf(e.Tags);

    private static int SizeOf(IReadOnlyList<string> tags)
    {
        var size = EventSize.VarUInt((ulong)tags.Count);
        for (var i = 0; i < tags.Count; i++) size += EventSize.String(tags[i]);
        return size;
    }

    private static int SizeOf(PermissionsSet e) =>
        EventSize.String(e.User) + EventSize.String(e.VirtualHost) + EventSize.String(e.Configure)
        + EventSize.String(e.Write) + EventSize.String(e.Read);

    private static int SizeOf(SecuritySnapshot s)
    {
        var size = EventSize.VarUInt((ulong)s.Users.Count) + SizeOf(s.VirtualHosts) + EventSize.VarUInt((ulong)s.Permissions.Count);
        for (var i = 0; i < s.Users.Count; i++) size += SizeOf(s.Users[i]);
        for (var i = 0; i < s.Permissions.Count; i++) size += SizeOf(s.Permissions[i]);
        return size;
    }

    private static void Write(ref EventWriter writer, UserAdded e)
    {
        writer.String(e.Name);
        writer.Bytes(e.Salt.Span);
        writer.Bytes(e.Hash.Span);
        Write(ref writer, e.Tags);
    }

    private static void Write(ref EventWriter writer, IReadOnlyList<string> strings)
    {
        writer.VarUInt((ulong)strings.Count);
        for (var i = 0; i < strings.Count; i++) writer.String(strings[i]);
    }

    private static void Write(ref EventWriter writer, PermissionsSet e)
    {
        writer.String(e.User);
        writer.String(e.VirtualHost);
        writer.String(e.Configure);
        writer.String(e.Write);
        writer.String(e.Read);
    }

    private static void Write(ref EventWriter writer, SecuritySnapshot s)
    {
        writer.VarUInt((ulong)s.Users.Count);
        for (var i = 0; i < s.Users.Count; i++) Write(ref writer, s.Users[i]);
        Write(ref writer, s.VirtualHosts);
        writer.VarUInt((ulong)s.Permissions.Count);
        for (var i = 0; i < s.Permissions.Count; i++) Write(ref writer, s.Permissions[i]);
    }

    private static UserAdded ReadUser(ref EventReader reader) =>
        new(reader.String(), reader.Bytes(), reader.Bytes(), ReadTags(ref reader));

    // Every string takes at least its length byte, so Length() bounds the counts by the bytes left.
    private static string[] ReadTags(ref EventReader reader)
    {
        var tags = new string[reader.Length()];
        for (var i = 0; i < tags.Length; i++) tags[i] = reader.String();
        return tags;
    }

    private static PermissionsSet ReadPermissions(ref EventReader reader) =>
        new(reader.String(), reader.String(), reader.String(), reader.String(), reader.String());

    private static SecuritySnapshot ReadSnapshot(ref EventReader reader)
    {
        var users = new UserAdded[reader.Length()];
        for (var i = 0; i < users.Length; i++) users[i] = ReadUser(ref reader);
        var vhosts = ReadTags(ref reader);
        var permissions = new PermissionsSet[reader.Length()];
        for (var i = 0; i < permissions.Length; i++) permissions[i] = ReadPermissions(ref reader);
        return new SecuritySnapshot(users, vhosts, permissions);
    }
}
