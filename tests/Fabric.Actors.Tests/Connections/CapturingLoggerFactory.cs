using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fabric.Actors.Tests.Connections;

/// <summary>Keeps every log line at <paramref name="minimum"/> or above (errors by default), so tests can assert that
/// nothing failed unseen, or what was logged.</summary>
internal sealed class CapturingLoggerFactory(LogLevel minimum = LogLevel.Error) : ILoggerFactory, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
