using System.Diagnostics;

namespace Fabric.Bench.Amqp.Measurement;

/// <summary>Measures one phase of a scenario: wall clock, broker CPU before/after, and broker RSS (sampled every
/// 50 ms for the peak). Create it right before the measured work, <see cref="Stop"/> right after.</summary>
internal sealed class PhaseMeter : IDisposable
{
    private readonly BrokerProcess _broker;
    private readonly BrokerSample? _before;
    private readonly long _started;
    private readonly TimeSpan _clientCpuBefore = ClientCpu();
    private readonly Timer? _sampler;
    private long _peakRss;

    private PhaseMeter(BrokerProcess broker)
    {
        _broker = broker;
        _before = broker.Sample();
        _peakRss = _before?.RssBytes ?? 0;
        if (broker.IsMeasured) _sampler = new Timer(static s => ((PhaseMeter)s!).SamplePeak(), this, 50, 50);
        _started = Stopwatch.GetTimestamp();
    }

    public static PhaseMeter Start(BrokerProcess broker) => new(broker);

    public PhaseMeasurement Stop()
    {
        double seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        double client = (ClientCpu() - _clientCpuBefore).TotalSeconds;
        _sampler?.Dispose();
        var after = _broker.Sample();
        if (_before is not { } before || after is not { } end)
            return new PhaseMeasurement(seconds, null, null, null, null, client);
        long peak = Math.Max(Interlocked.Read(ref _peakRss), end.RssBytes);
        return new PhaseMeasurement(seconds, end.CpuSeconds - before.CpuSeconds, before.RssBytes, end.RssBytes, peak, client);
    }

    private static TimeSpan ClientCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public void Dispose() => _sampler?.Dispose();

    private void SamplePeak()
    {
        if (_broker.Sample() is not { } s) return;
        long seen = Interlocked.Read(ref _peakRss);
        while (s.RssBytes > seen)
        {
            long prior = Interlocked.CompareExchange(ref _peakRss, s.RssBytes, seen);
            if (prior == seen) break;
            seen = prior;
        }
    }
}
