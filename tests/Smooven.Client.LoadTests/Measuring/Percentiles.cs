using System.Diagnostics;

namespace Smooven.Client.LoadTests.Measuring;

/// <summary>Percentiles of latencies recorded as <see cref="Stopwatch"/> ticks, in milliseconds.</summary>
internal static class Percentiles
{
    public static double Milliseconds(List<long> sortedTicks, double percentile)
    {
        if (sortedTicks.Count == 0)
        {
            return double.NaN;
        }

        // Nearest rank: the smallest value with at least `percentile` of the sample at or below it.
        var rank = (int)Math.Ceiling(percentile / 100 * sortedTicks.Count);
        var ticks = sortedTicks[Math.Clamp(rank - 1, 0, sortedTicks.Count - 1)];
        return ticks * 1000.0 / Stopwatch.Frequency;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
