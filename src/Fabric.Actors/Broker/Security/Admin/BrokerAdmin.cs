using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Security.Actors;
using Fabric.Broker.Security.Events;

namespace Fabric.Broker.Security.Admin;

/// <summary>
/// <see cref="IBrokerAdmin"/> of a <see cref="BrokerNode"/>: each change is an event the security actor checks and
/// persists; the call completes once it is durable and published. Vhost additions and deletions are serialised, so a
/// vhost's actor and store data are never started and deleted at once. Passwords are hashed here, off the actor.
/// </summary>
internal sealed class BrokerAdmin : IBrokerAdmin
{
    private readonly BrokerNode _node;
    private readonly IActorRef _security;
    private readonly SemaphoreSlim _virtualHostChanges = new(1, 1);

    public BrokerAdmin(BrokerNode node, IActorRef security)
    {
        _node = node;
        _security = security;
    }

    private SecurityState State => _node.AccessControl.State;

    public Task AddUserAsync(string name, string password, IReadOnlyList<string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(tags);
        var hash = PasswordHash.Create(password);
        return ChangeAsync(new UserAdded(name, hash.Salt, hash.Hash, SecurityDefinitions.Distinct(tags)), cancellationToken);
    }

    public async Task DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        // Not cancelled half-way: a deleted user's connections must be closed.
        await ChangeAsync(new UserDeleted(name), CancellationToken.None).ConfigureAwait(false);
        _node.CloseConnections(null, name, $"user '{name}' is deleted");
    }

    public Task ChangePasswordAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var hash = PasswordHash.Create(password);
        return ChangeAsync(new PasswordChanged(name, hash.Salt, hash.Hash), cancellationToken);
    }

    public Task SetUserTagsAsync(string name, IReadOnlyList<string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tags);
        return ChangeAsync(new UserTagsSet(name, SecurityDefinitions.Distinct(tags)), cancellationToken);
    }

    public async Task AddVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await _virtualHostChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once the lock is held, not cancelled half-way: a vhost that exists also runs.
            await ChangeAsync(new VirtualHostAdded(name), CancellationToken.None).ConfigureAwait(false);
            await _node.StartVirtualHostAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _virtualHostChanges.Release();
        }
    }

    public async Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await _virtualHostChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once the lock is held, not cancelled half-way (a crash between the event and the cleanup is mended at start).
            await ChangeAsync(new VirtualHostDeleted(name), CancellationToken.None).ConfigureAwait(false);
            await _node.StopVirtualHostAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _virtualHostChanges.Release();
        }
    }

    public Task SetPermissionsAsync(string user, string virtualHost, string configure, string write, string read,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(virtualHost);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        return ChangeAsync(new PermissionsSet(user, virtualHost, configure, write, read), cancellationToken);
    }

    public Task ClearPermissionsAsync(string user, string virtualHost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(virtualHost);
        return ChangeAsync(new PermissionsCleared(user, virtualHost), cancellationToken);
    }

    public IReadOnlyList<BrokerUser> ListUsers() => State.Users();

    public IReadOnlyList<string> ListVirtualHosts() => State.VirtualHosts();

    public IReadOnlyList<PermissionEntry> ListPermissions() => State.Permissions();

    private Task ChangeAsync(ISecurityEvent change, CancellationToken cancellationToken) =>
        _security.Ask(new ChangeSecurity(change), _node.Settings.Actors.AskTimeout, cancellationToken);
}
