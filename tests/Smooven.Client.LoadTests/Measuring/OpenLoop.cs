using System.Diagnostics;

namespace Smooven.Client.LoadTests.Measuring;

/// <summary>
/// Operations started at a fixed rate, whether or not earlier ones have answered, until the time is
/// up or the count is reached: latency at a given load, where a closed loop measures latency at
/// saturation (its callers always have a request waiting, so the cores never idle).
/// </summary>
/// <remarks>
/// A 1 ms periodic timer starts every operation that has fallen due, so starts come in bursts of
/// up to a millisecond's worth. Each latency runs from the operation's own start; the rate reached
/// is the sample's count over its time, and falls short of the one asked when the process cannot
/// keep up.
/// </remarks>
internal static class OpenLoop
{
    public static async Task<LoadSample> RunAsync(double perSecond, TimeSpan duration, long maxCount, Func<long, Task> operation)
    {
        var count = (long)Math.Min(maxCount, perSecond * duration.TotalSeconds);
        var latencies = new long[count];
        var succeeded = new bool[count];
        long errors = 0;
        var firstError = default(Exception);
        var running = new List<Task>((int)count);
        using var cost = new PhaseCost();
        var start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1));

        async Task MeasureAsync(long index)
        {
            var begin = Stopwatch.GetTimestamp();
            try
            {
                await operation(index + 1);
                latencies[index] = Stopwatch.GetTimestamp() - begin;
                succeeded[index] = true;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, ex, null);
            }
        }

        long started = 0;
        while (started < count && await tick.WaitForNextTickAsync())
        {
            var due = Math.Min(count, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond));
            for (; started < due; started++)
            {
                running.Add(MeasureAsync(started));
            }
        }

        await Task.WhenAll(running);
        return cost.Finish(latencies.Where((_, i) => succeeded[i]), errors, firstError);
    }
}
