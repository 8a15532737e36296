using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Fabric.Node.Tests.Host;

/// <summary>A Fabric node running as a separate process (<c>dotnet Fabric.Node.dll</c>), for tests over real
/// sockets. Output is captured for assertions and failure messages; the process is always killed on dispose.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly HashSet<int> PortsHandedOut = new();

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _combined = new();
    private readonly string? _ownedDataDirectory;
    private TaskCompletionSource _outputChanged = NewSignal();

    private NodeProcess(Process process, int port, string dataDirectory, string? ownedDataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        _ownedDataDirectory = ownedDataDirectory;
    }

    /// <summary>The AMQP port the node was told to use.</summary>
    public int Port { get; }

    /// <summary>The node's data directory (FABRIC_DATA_DIR).</summary>
    public string DataDirectory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput { get { lock (_combined) return _stdout.ToString(); } }

    public string StandardError { get { lock (_combined) return _stderr.ToString(); } }

    /// <summary>stdout and stderr interleaved as received.</summary>
    public string Output { get { lock (_combined) return _combined.ToString(); } }

    /// <summary>Fabric.Node.dll next to the test assembly (the project reference copies it there).</summary>
    public static string NodeAssemblyPath
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Fabric.Node.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Fabric.Node.dll is not next to the tests", path);
        }
    }

    /// <summary>A TCP port that is free now and not handed out before by this process.</summary>
    public static int GetFreePort()
    {
        while (true)
        {
            var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (PortsHandedOut)
            {
                if (PortsHandedOut.Add(port)) return port;
            }
        }
    }

    public static NodeProcess Start(NodeProcessOptions? options = null)
    {
        options ??= new NodeProcessOptions();
        int port = options.Port ?? GetFreePort();
        string? owned = null;
        string dataDirectory = options.DataDirectory ?? (owned = Path.Combine(Path.GetTempPath(), "fabric-node-" + Guid.NewGuid().ToString("N")));

        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(NodeAssemblyPath);
        foreach (var arg in options.Arguments) info.ArgumentList.Add(arg);

        foreach (var name in info.Environment.Keys.ToList())
            if (name.StartsWith("FABRIC_", StringComparison.Ordinal)) info.Environment.Remove(name);
        if (options.SetPortVariable) info.Environment["FABRIC_AMQP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FABRIC_DATA_DIR"] = dataDirectory;
        foreach (var (name, value) in options.Environment)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process, port, dataDirectory, owned);
        process.OutputDataReceived += (_, e) => node.Append(e.Data, node._stdout);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data, node._stderr);
        process.Exited += (_, _) => node.Signal();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Polls TCP connects to 127.0.0.1:<see cref="Port"/> until one succeeds; fails at once (with the
    /// node's output) if the process exits first.</summary>
    public Task WaitUntilListeningAsync(TimeSpan? timeout = null) => WaitUntilListeningAsync(Port, timeout);

    public async Task WaitUntilListeningAsync(int port, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (HasExited) throw Failure($"node exited with code {_process.ExitCode} before listening on port {port}");
            using (var client = new TcpClient())
            {
                try
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, port, attempt.Token);
                    return;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                }
            }
            if (DateTime.UtcNow > deadline) throw Failure($"node not listening on port {port} after {timeout ?? TimeSpan.FromSeconds(60)}");
            await Task.Delay(100); // poll interval; there is no event for "port open"
        }
    }

    /// <summary>Waits until the captured output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var changed = Volatile.Read(ref _outputChanged).Task;
            if (Output.Contains(text, StringComparison.Ordinal)) return;
            if (HasExited)
            {
                await _process.WaitForExitAsync(); // drain the output streams
                if (Output.Contains(text, StringComparison.Ordinal)) return;
                throw Failure($"node exited without writing '{text}'");
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw Failure($"node did not write '{text}' within {timeout ?? TimeSpan.FromSeconds(30)}");
            }
        }
    }

    /// <summary>Waits for the process to exit (and its output to be drained); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"node did not exit within {timeout ?? TimeSpan.FromSeconds(30)}");
        }
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (a graceful stop, like Ctrl-C or a service manager).</summary>
    public void Terminate()
    {
        if (HasExited) return;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) throw new PlatformNotSupportedException("SIGTERM needs a Unix-like OS");
        if (SendSignal(_process.Id, SigTerm) != 0 && !HasExited)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>SIGTERM, then waits for the exit; kills the process and throws if it does not stop in time.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        Terminate();
        try
        {
            return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch
        {
            Kill();
            throw;
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        try
        {
            if (!HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    /// <summary>
    /// SIGKILL to the node's own process, at once: <see cref="Kill"/> first walks the process tree, which takes long
    /// enough (hundreds of ms) to blur a precise kill point. Falls back to <see cref="Kill"/> off Unix.
    /// </summary>
    public void KillNow()
    {
        if (HasExited) return;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Kill();
            return;
        }
        if (SendSignal(_process.Id, SigKill) != 0 && !HasExited)
            throw new InvalidOperationException($"kill({_process.Id}, SIGKILL) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        _process.Dispose();
        if (_ownedDataDirectory is not null && Directory.Exists(_ownedDataDirectory))
        {
            try { Directory.Delete(_ownedDataDirectory, recursive: true); }
            catch (IOException) { }
        }
    }

    private Exception Failure(string message) => new InvalidOperationException($"{message}\n--- node output ---\n{Output}--- end of node output ---");

    private void Append(string? line, StringBuilder stream)
    {
        if (line is null) return;
        lock (_combined)
        {
            stream.Append(line).Append('\n');
            _combined.Append(line).Append('\n');
        }
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _outputChanged, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string DotnetHost()
    {
        string? host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? current = System.Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return "dotnet";
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks in the test project
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
#pragma warning restore SYSLIB1054
}
