namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>One benchmark workload. It adds its figures to the context, cleans up what it declared, and stops by itself
/// (bounded counts); the runner enforces a hard timeout through <see cref="ScenarioContext.Cancel"/>.</summary>
internal interface IScenario
{
    string Name { get; }

    Task RunAsync(ScenarioContext context);
}
