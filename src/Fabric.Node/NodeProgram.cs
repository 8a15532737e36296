using System.Net;
using System.Net.Sockets;
using Fabric.Configuration;
using Fabric.Hocon;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabric.Node;

/// <summary>The node's main: arguments, configuration (file over embedded defaults, FABRIC_* environment
/// overrides), data directory, host, and graceful shutdown on Ctrl-C / SIGTERM.</summary>
internal static class NodeProgram
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadConfiguration = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = CommandLineOptions.Parse(args, out string? argumentError);
        if (options is null)
        {
            await stderr.WriteLineAsync($"fabric: {argumentError} (see --help)");
            return ExitBadConfiguration;
        }
        if (options.ShowHelp)
        {
            await stdout.WriteLineAsync(CommandLineOptions.Usage);
            return ExitOk;
        }
        if (options.PrintDefaults)
        {
            await stdout.WriteAsync(FabricConfig.ReferenceConfiguration);
            return ExitOk;
        }

        FabricSettings settings;
        IPEndPoint amqpEndPoint;
        try
        {
            settings = FabricSettings.FromConfig(FabricConfig.Load(options.ConfigFile));
            amqpEndPoint = ResolveAmqpEndPoint(settings);
            CreateDataDirectory(settings);
        }
        catch (Exception e) when (e is HoconParseException or ConfigException)
        {
            await stderr.WriteLineAsync("fabric: bad configuration: " + OneLine(e.Message));
            return ExitBadConfiguration;
        }

        await using (var app = NodeHost.Build(settings, amqpEndPoint, options.NovaDemo))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fabric.Node");
            SettingsSummary.Log(logger, settings, options.ConfigFile);
            try
            {
                await app.StartAsync();
            }
            catch (Exception e)
            {
                logger.LogCritical("Cannot start listening on {EndPoint}: {Reason}", amqpEndPoint, e.Message);
                await stderr.WriteLineAsync($"fabric: cannot listen on {amqpEndPoint}: {OneLine(e.Message)}");
                return ExitFailed;
            }
            logger.LogInformation("Fabric node {Name} listening on amqp://{Host}:{Port}", settings.Node.Name, settings.Amqp.Host, settings.Amqp.Port);
            await app.WaitForShutdownAsync();
            logger.LogInformation("Fabric node {Name} stopped", settings.Node.Name);
        }
        return ExitOk;
    }

    private static IPEndPoint ResolveAmqpEndPoint(FabricSettings settings)
    {
        try
        {
            return NodeHost.ResolveEndPoint(settings.Amqp.Host, settings.Amqp.Port);
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException)
        {
            throw new ConfigException($"fabric.amqp.host: cannot resolve '{settings.Amqp.Host}': {e.Message}");
        }
    }

    private static void CreateDataDirectory(FabricSettings settings)
    {
        try
        {
            Directory.CreateDirectory(settings.Node.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"fabric.node.data-dir: cannot create '{settings.Node.DataDirectory}': {e.Message}");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
