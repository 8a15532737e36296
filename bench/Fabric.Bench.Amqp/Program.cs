// Side-by-side AMQP benchmark: the same workloads against any AMQP URL (see bench/README.md).
return await Fabric.Bench.Amqp.BenchProgram.RunAsync(args);
