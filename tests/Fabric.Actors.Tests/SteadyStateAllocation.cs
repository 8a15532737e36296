namespace Fabric.Actors.Tests;

/// <summary>
/// Bytes a piece of code allocates once the JIT has settled. Tiered compilation first runs unoptimised code (which
/// may box where optimised code does not) and swaps in optimised code from a background thread at its own pace, so a
/// single measurement right after a warm-up is flaky on a loaded machine. This measures rounds until one allocates
/// nothing or the budget is spent, and returns the smallest round.
/// </summary>
internal static class SteadyStateAllocation
{
    public static long Measure(Action round, int maxRounds = 500)
    {
        long least = long.MaxValue;
        for (int i = 0; i < maxRounds && least > 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
