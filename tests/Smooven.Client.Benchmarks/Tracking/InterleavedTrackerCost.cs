using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Smooven.Client.Benchmarks.Reporting;

namespace Smooven.Client.Benchmarks.Tracking;

/// <summary>
/// The tracker group of <see cref="TrackerBenchmarks"/>, measured another way: the tracker's own
/// cost on one thread (register a wait, publish its terminal callback, see it complete), with the
/// 30 s default timeout and without one, against a bare dictionary of completion sources doing the
/// same. The three alternate in short rounds inside one process, each round in a different order,
/// so that a noisy machine slows all of them alike; the figure is the median of per-round ratios.
/// BenchmarkDotNet runs each benchmark in its own process, one after the other, so on a shared VM
/// a drift of the machine between them lands on the ratio; this cannot happen here.
/// </summary>
internal static class InterleavedTrackerCost
{
    private const int Batch = 1024;
    private const int BatchesPerRound = 100;
    private const double TargetNs = 1000;

    /// <summary>Runs the rounds, prints a markdown table and leaves it in <c>artifacts/perf/tracker-interleaved.md</c>.</summary>
    /// <returns>The process exit code: 0 when the target is met.</returns>
    public static int Run(bool quick)
    {
        var rounds = quick ? 6 : 60;
        // More distinct ids than the history holds, so no wait finds its id still remembered.
        var pool = new DeliveryCallback[BatchesPerRound * Batch];
        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = SmoovenModelFactory.DeliveryCallback(CallbackEvent.Delivered, $"ntf_cost{i:D9}", DateTimeOffset.UnixEpoch, Channel.Sms);
        }

        using var tracker = new DeliveryTracker();
        var timed = new SendAndWaitOptions { Timeout = SendAndWaitOptions.DefaultTimeout };
        var untimed = new SendAndWaitOptions { Timeout = Timeout.InfiniteTimeSpan };
        var bare = new ConcurrentDictionary<string, TaskCompletionSource<DeliveryCallback>>(StringComparer.Ordinal);

        void Tracker(SendAndWaitOptions waitOptions)
        {
            for (var b = 0; b < BatchesPerRound; b++)
            {
                foreach (var callback in pool.AsSpan(b * Batch, Batch))
                {
                    var wait = tracker.WaitAsync(callback.NotificationId, waitOptions);
                    tracker.Publish(callback);
                    Check(wait.GetAwaiter().GetResult().Outcome == DeliveryOutcome.Delivered);
                }
            }
        }

        void Floor()
        {
            for (var b = 0; b < BatchesPerRound; b++)
            {
                foreach (var callback in pool.AsSpan(b * Batch, Batch))
                {
                    var source = new TaskCompletionSource<DeliveryCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
                    bare.TryAdd(callback.NotificationId, source);
                    if (bare.TryRemove(callback.NotificationId, out var waiting))
                    {
                        waiting.TrySetResult(callback);
                    }

                    Check(source.Task.GetAwaiter().GetResult().Event == CallbackEvent.Delivered);
                }
            }
        }

        Console.WriteLine($"Interleaved tracker cost: {rounds / 2} warm-up rounds, then {rounds} measured");
        for (var i = 0; i < rounds / 2; i++)
        {
            Floor();
            Tracker(timed);
            Tracker(untimed);
        }

        var floorNs = new List<double>();
        var timedRatios = new List<double>();
        var untimedRatios = new List<double>();
        var timedNs = new List<double>();
        var untimedNs = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Rotate who goes first, so that no contender always gets the warmest or the noisiest slot.
            double floor = 0, withTimeout = 0, withoutTimeout = 0;
            for (var slot = 0; slot < 3; slot++)
            {
                switch ((round + slot) % 3)
                {
                    case 0: floor = NanosecondsPerWait(Floor); break;
                    case 1: withTimeout = NanosecondsPerWait(() => Tracker(timed)); break;
                    default: withoutTimeout = NanosecondsPerWait(() => Tracker(untimed)); break;
                }
            }

            floorNs.Add(floor);
            timedNs.Add(withTimeout);
            untimedNs.Add(withoutTimeout);
            timedRatios.Add(withTimeout / floor);
            untimedRatios.Add(withoutTimeout / floor);
        }

        var timedRatio = Median(timedRatios);
        var untimedRatio = Median(untimedRatios);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| tracker cost (one thread, {rounds} interleaved rounds of {BatchesPerRound * Batch:N0} waits) | ns per wait (median) | median ratio to the floor | quartiles of the ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| DeliveryTracker, 30 s timeout | **{Median(timedNs):0.0}** (target ≤ {TargetNs:0}) | {timedRatio:0.000} | {Quartiles(timedRatios)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| DeliveryTracker, no timeout | {Median(untimedNs):0.0} | {untimedRatio:0.000} | {Quartiles(untimedRatios)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| floor: ConcurrentDictionary<string, TaskCompletionSource> | {Median(floorNs):0.0} | 1.000 | |");

        if (quick)
        {
            text.AppendLine().AppendLine("QUICK: a smoke test of the harness; its numbers are not worth quoting.");
        }

        var markdown = text.ToString();
        Console.WriteLine();
        Console.WriteLine(markdown);
        var directory = RepoPaths.PerfArtifacts();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "tracker-interleaved.md");
        File.WriteAllText(path, markdown);

        Console.WriteLine($"Wrote {path}");
        if (quick)
        {
            return 0;
        }

        // Beside BenchmarkDotNet's ratios in micro.json, so the chart shows both measures of the tracker.
        var report = MicroReport.Load(directory) ?? new MicroReport { Machine = Environment.MachineName, Quick = false, Rows = [], Ratios = [] };
        var written = report.WithInterleaved(
        [
            TargetRatio.AtMost(MicroReport.InterleavedPrefix + "tracker round trip, 30 s timeout (median ns)", Median(timedNs), TargetNs, unit: " ns"),
            TargetRatio.Informational(MicroReport.InterleavedPrefix + "tracker / floor, median of rounds", timedRatio),
            TargetRatio.Informational(MicroReport.InterleavedPrefix + "tracker without timeout / floor", untimedRatio),
        ]).Write(directory);
        Console.WriteLine($"Wrote {string.Join(", ", written)}");
        return Median(timedNs) <= TargetNs ? 0 : 1;
    }

    private static double NanosecondsPerWait(Action round)
    {
        var started = Stopwatch.GetTimestamp();
        round();
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / (BatchesPerRound * Batch);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Quartiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Length / 4]:0.00} to {sorted[3 * sorted.Length / 4]:0.00}");
    }

    private static void Check(bool succeeded)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException("A wait did not end as delivered: the measurement would not be of the success path.");
        }
    }
}
