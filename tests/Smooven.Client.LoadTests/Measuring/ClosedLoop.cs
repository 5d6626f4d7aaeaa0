using System.Diagnostics;

namespace Smooven.Client.LoadTests.Measuring;

/// <summary>
/// A fixed number of callers, each sending its next request as soon as the last one answers,
/// until the time is up or the count is reached, whichever comes first.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadSample> RunAsync(int callers, TimeSpan duration, long maxCount, Func<long, Task> operation)
    {
        var latencies = new List<long>[callers];
        long issued = 0;
        long errors = 0;
        var firstError = default(Exception);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsBefore = GcCounts.Now();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task CallerAsync(int caller)
        {
            var mine = latencies[caller] = new List<long>(capacity: 4096);
            await Task.Yield();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var sequence = Interlocked.Increment(ref issued);
                if (sequence > maxCount)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    await operation(sequence);
                    mine.Add(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, callers).Select(CallerAsync));
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var collections = GcCounts.Now().Since(collectionsBefore);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var all = latencies.SelectMany(l => l).Order().ToList();
        if (firstError is not null)
        {
            Console.WriteLine($"  {errors} failed calls; the first: {firstError.GetType().Name}: {firstError.Message}");
        }

        return new LoadSample(
            all.Count,
            errors,
            clock.Elapsed,
            Percentiles.Milliseconds(all, 50),
            Percentiles.Milliseconds(all, 99),
            all.Count == 0 ? double.NaN : (double)allocated / all.Count,
            all.Count == 0 ? double.NaN : cpu.TotalMicroseconds / all.Count,
            collections);
    }
}
