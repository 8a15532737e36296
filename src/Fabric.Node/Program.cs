return await Fabric.Node.NodeProgram.RunAsync(args, Console.Out, Console.Error);
