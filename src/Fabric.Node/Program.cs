// Socket completions run on the runtime's epoll threads instead of being queued to the thread pool (one wake-up
// less per read; Kestrel's inline scheduling then hands the bytes straight to the connection). The node runs no
// blocking code on socket continuations. Read once, before the first socket: set it to 0 in the environment to opt out.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await Fabric.Node.NodeProgram.RunAsync(args, Console.Out, Console.Error);
