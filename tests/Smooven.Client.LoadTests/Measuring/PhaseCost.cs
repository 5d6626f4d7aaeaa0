using System.Diagnostics;

namespace Smooven.Client.LoadTests.Measuring;

/// <summary>
/// What a timed phase cost the process (bytes allocated, collections, CPU) and how long it took,
/// from its start to <see cref="Finish"/>: shared by the closed and the open loop.
/// </summary>
internal sealed class PhaseCost : IDisposable
{
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
    private readonly GcCounts _collectionsBefore = GcCounts.Now();
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly TimeSpan _cpuBefore;
    private readonly Stopwatch _clock;

    public PhaseCost()
    {
        _cpuBefore = _process.TotalProcessorTime;
        _clock = Stopwatch.StartNew();
    }

    /// <summary>The phase's sample, from the latencies (in <see cref="Stopwatch"/> ticks) of the operations that succeeded.</summary>
    public LoadSample Finish(IEnumerable<long> latencies, long errors, Exception? firstError)
    {
        _clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - _allocatedBefore;
        var collections = GcCounts.Now().Since(_collectionsBefore);
        _process.Refresh();
        var cpu = _process.TotalProcessorTime - _cpuBefore;
        var all = latencies.Order().ToList();
        if (firstError is not null)
        {
            Console.WriteLine($"  {errors} failed calls; the first: {firstError.GetType().Name}: {firstError.Message}");
        }

        return new LoadSample(
            all.Count,
            errors,
            _clock.Elapsed,
            Percentiles.Milliseconds(all, 50),
            Percentiles.Milliseconds(all, 99),
            all.Count == 0 ? double.NaN : (double)allocated / all.Count,
            all.Count == 0 ? double.NaN : cpu.TotalMicroseconds / all.Count,
            collections);
    }

    public void Dispose() => _process.Dispose();
}
