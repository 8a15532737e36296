namespace Fabric.Node;

/// <summary>The node's command line: <c>[--config FILE] [--nova-demo] [--help] [--print-defaults]</c>.</summary>
internal sealed record CommandLineOptions(string? ConfigFile, bool ShowHelp, bool PrintDefaults, bool NovaDemo = false)
{
    public const string Usage = """
        Usage: fabric [--config FILE] [--nova-demo]

        Starts a Fabric AMQP 0-9-1 broker node.

        Options:
          -c, --config FILE   read FILE (HOCON) on top of the built-in defaults
              --print-defaults print the built-in reference configuration and exit
              --nova-demo     host the NovaDemo compute services (compute1, compute2 on topic "compute")
                              inside the node, on the in-node RPC transport (samples/NovaDemo)
          -h, --help          show this help and exit

        Environment overrides (applied to the defaults):
          FABRIC_NODE_NAME, FABRIC_DATA_DIR, FABRIC_AMQP_HOST, FABRIC_AMQP_PORT,
          FABRIC_PERSISTENCE_PROVIDER, FABRIC_POSTGRES_CONNECTION, FABRIC_LOG_LEVEL

        Exit codes: 0 stopped normally, 1 failed at runtime, 2 bad configuration or arguments.
        """;

    /// <summary>Parses the arguments; returns null with <paramref name="error"/> set when they are malformed.</summary>
    public static CommandLineOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? config = null;
        bool help = false, printDefaults = false, novaDemo = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--print-defaults":
                    printDefaults = true;
                    break;
                case "--nova-demo":
                    novaDemo = true;
                    break;
                case "-c" or "--config":
                    if (i + 1 >= args.Count) { error = $"{arg} needs a file name"; return null; }
                    config = args[++i];
                    break;
                default:
                    if (arg.StartsWith("--config=", StringComparison.Ordinal))
                    {
                        config = arg["--config=".Length..];
                        break;
                    }
                    error = $"unknown argument '{arg}'";
                    return null;
            }
        }
        if (config is { Length: 0 }) { error = "--config needs a file name"; return null; }
        return new CommandLineOptions(config, help, printDefaults, novaDemo);
    }
}
