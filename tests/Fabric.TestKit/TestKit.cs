namespace Fabric.TestKit;

/// <summary>
/// Base class for actor tests: owns an <see cref="ActorSystem"/> (terminated on dispose) and a test actor, which is
/// also the implicit sender of <c>Tell</c> calls made from the test.
/// </summary>
public class TestKit : TestKitBase, IAsyncDisposable, IDisposable
{
    private int _disposed;

    public TestKit(ActorSystemSettings? systemSettings = null, TestKitSettings? settings = null, string systemName = "test")
        : base(ActorSystem.Create(systemName, systemSettings), settings ?? new TestKitSettings(), new Deadline(), "testActor")
    {
        ImplicitSender.SetAmbient(TestActor);
    }

    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    public IActorRef ActorOf<T>(string? name = null) where T : ActorBase, new() => Sys.ActorOf(Props.Create<T>(), name);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Sys.Terminate().Wait(Dilated(Sys.Settings.ShutdownTimeout));
            ImplicitSender.SetAmbient(null);
        }
        GC.SuppressFinalize(this);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Sys.Terminate().WaitAsync(Dilated(Sys.Settings.ShutdownTimeout)).ConfigureAwait(false);
            ImplicitSender.SetAmbient(null);
        }
        GC.SuppressFinalize(this);
    }
}
