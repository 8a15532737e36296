// Socket completions run on the epoll thread itself instead of one thread-pool dispatch per read (README: runtime
// settings). Read once, when the first socket is created: set it before anything opens one. An operator's value wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
return await Fabric.Node.NodeProgram.RunAsync(args, Console.Out, Console.Error);
