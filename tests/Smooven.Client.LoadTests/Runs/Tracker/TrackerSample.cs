using System.Diagnostics;
using Smooven.Client.LoadTests.Measuring;

namespace Smooven.Client.LoadTests.Runs.Tracker;

/// <summary>One phase of the tracker run: all waits started at once, and how they ended.</summary>
internal sealed record TrackerSample(int Waits, TimeSpan Elapsed, double P50Ms, double P99Ms, long PeakWorkingSetBytes, int Wrong, string? FirstWrong)
{
    public double PerSecond => Waits / Elapsed.TotalSeconds;

    public static TrackerSample From(TrackerRun.Outcome[] outcomes, TimeSpan elapsed, long peakWorkingSet, ReceiptClock clock)
    {
        var latencies = new List<long>(outcomes.Length);
        var wrong = 0;
        string? firstWrong = null;
        foreach (var outcome in outcomes)
        {
            var problem = outcome.Wrong;
            if (problem is null)
            {
                if (clock.TryGetReceipt(outcome.NotificationId, out var receivedAt))
                {
                    latencies.Add(outcome.ResumedAt - receivedAt);
                }
                else
                {
                    problem = "resumed without a terminal callback having arrived";
                }
            }

            if (problem is not null)
            {
                wrong++;
                firstWrong ??= $"{outcome.NotificationId}: {problem}";
            }
        }

        latencies.Sort();
        return new TrackerSample(outcomes.Length, elapsed, Percentiles.Milliseconds(latencies, 50), Percentiles.Milliseconds(latencies, 99), peakWorkingSet, wrong, firstWrong);
    }

    public static TrackerSample Median(List<TrackerSample> samples) => new(
        samples[0].Waits,
        TimeSpan.FromSeconds(Percentiles.Median(samples.Select(s => s.Elapsed.TotalSeconds))),
        Percentiles.Median(samples.Select(s => s.P50Ms)),
        Percentiles.Median(samples.Select(s => s.P99Ms)),
        (long)Percentiles.Median(samples.Select(s => (double)s.PeakWorkingSetBytes)),
        samples.Sum(s => s.Wrong),
        samples.Select(s => s.FirstWrong).FirstOrDefault(w => w is not null));

    public override string ToString() =>
        $"{Waits} waits in {Elapsed.TotalSeconds:0.00} s, p50 {P50Ms:0.00} ms p99 {P99Ms:0.00} ms, peak WS {PeakWorkingSetBytes / 1048576.0:N0} MiB, {Wrong} wrong" +
        (FirstWrong is null ? string.Empty : $" (first: {FirstWrong})");
}
