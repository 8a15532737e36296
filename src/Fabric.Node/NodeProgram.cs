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
        try
        {
            settings = FabricSettings.FromConfig(FabricConfig.Load(options.ConfigFile));
            Directory.CreateDirectory(settings.Node.DataDirectory);
        }
        catch (Exception e) when (e is HoconParseException or ConfigException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("fabric: bad configuration: " + OneLine(e.Message));
            return ExitBadConfiguration;
        }

        WebApplication app;
        try
        {
            app = NodeHost.Build(settings);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await stderr.WriteLineAsync("fabric: bad configuration: fabric.amqp.host: " + OneLine(e.Message));
            return ExitBadConfiguration;
        }

        await using (app)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fabric.Node");
            SettingsSummary.Log(logger, settings, options.ConfigFile);
            try
            {
                await app.StartAsync();
            }
            catch (IOException e)
            {
                logger.LogCritical("Cannot listen on {Host}:{Port}: {Reason}", settings.Amqp.Host, settings.Amqp.Port, e.Message);
                await stderr.WriteLineAsync($"fabric: cannot listen on {settings.Amqp.Host}:{settings.Amqp.Port}: {OneLine(e.Message)}");
                return ExitFailed;
            }
            logger.LogInformation("Fabric node {Name} listening on amqp://{Host}:{Port}", settings.Node.Name, settings.Amqp.Host, settings.Amqp.Port);
            await app.WaitForShutdownAsync();
            logger.LogInformation("Fabric node {Name} stopped", settings.Node.Name);
        }
        return ExitOk;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
