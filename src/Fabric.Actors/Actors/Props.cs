using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>An immutable recipe for creating (and re-creating, on restart) an actor.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? strategy, int? throughput)
    {
        ActorType = actorType;
        _factory = factory;
        SupervisorStrategy = strategy;
        Throughput = throughput;
    }

    public Type ActorType { get; }

    /// <summary>Overrides the actor's own <c>SupervisorStrategy()</c> for its children when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Overrides the system's throughput for this actor when set.</summary>
    public int? Throughput { get; }

    public static Props Create<T>() where T : ActorBase, new() => new(typeof(T), static () => new T(), null, null);

    public static Props Create<T>(Func<T> factory) where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(T), factory, null, null);
    }

    public static Props Create(Type actorType, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(ActorBase).IsAssignableFrom(actorType) || actorType.IsAbstract)
            throw new ArgumentException($"{actorType} is not a concrete actor type", nameof(actorType));
        return new Props(actorType, () => (ActorBase)Activator.CreateInstance(actorType, args)!, null, null);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, _factory, strategy, Throughput);

    public Props WithThroughput(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        return new Props(ActorType, _factory, SupervisorStrategy, throughput);
    }

    internal ActorBase NewActor(ActorCell cell)
    {
        var previous = ActorCell.Constructing;
        ActorCell.Constructing = cell;
        try
        {
            return _factory() ?? throw new InvalidOperationException($"The factory of {ActorType} returned null");
        }
        finally
        {
            ActorCell.Constructing = previous;
        }
    }

    public override string ToString() => $"Props({ActorType.Name})";
}
