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
        using var cost = new PhaseCost();
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
        return cost.Finish(latencies.SelectMany(l => l), errors, firstError);
    }
}
