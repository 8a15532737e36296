using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Fabric.Actors.Tests.Rpc.Interop;

/// <summary>
/// tests/interop/rpc/oslo_peer.py run by /usr/bin/python3: its stdout lines are collected; disposing closes its
/// stdin (the script then stops) and kills it if it has not exited within a few seconds.
/// </summary>
internal sealed class PythonPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private PythonPeer(Process process) => _process = process;

    public static string ScriptPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fabric.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Fabric.sln not found above the test binaries."), "tests", "interop", "rpc", "oslo_peer.py");
        }
    }

    /// <summary>All output so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static PythonPeer Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(ScriptPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PythonPeer(process);
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data, isError: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for a stdout line matching <paramref name="predicate"/> (lines before it are consumed).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"No matching line from the Python peer within {timeout}. Output:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Python peer did not exit within {timeout}. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            if (!isError)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_lock)
        {
            _output.Append(isError ? "[err] " : "").AppendLine(line);
        }

        if (!isError)
        {
            _lines.Writer.TryWrite(line);
        }
    }
}
