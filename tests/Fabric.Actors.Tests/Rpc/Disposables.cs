namespace Fabric.Actors.Tests.Rpc;

/// <summary>Things a test created, disposed in reverse order at its end.</summary>
internal sealed class Disposables : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _items = [];
    private readonly Lock _lock = new();

    public T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        lock (_lock)
        {
            _items.Add(disposable);
        }

        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] items;
        lock (_lock)
        {
            items = [.. _items];
            _items.Clear();
        }

        for (int i = items.Length - 1; i >= 0; i--)
        {
            await items[i].DisposeAsync();
        }
    }
}
