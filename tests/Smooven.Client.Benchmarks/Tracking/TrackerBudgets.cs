using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Smooven.Client.Benchmarks.Tracking;

/// <summary>
/// The tracker's budgets that BenchmarkDotNet does not measure (<c>--tracker-budgets</c>): what a
/// pending wait holds, memory after 100,000 timeouts, round trips from 8 and 32 threads on distinct
/// ids against a bare dictionary, and how late timeouts end on the system clock. Prints markdown.
/// </summary>
internal static class TrackerBudgets
{
    private const int PendingWaits = 100_000;
    private static readonly SendAndWaitOptions ThirtySeconds = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<int> RunAsync(bool quick)
    {
        var text = new StringBuilder();
        text.AppendLine("| tracker budget | measured | target |").AppendLine("| --- | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| a pending wait, 30 s timeout (retained, {PendingWaits:N0} waits) | {PendingWaitBytes():0} B | ≤ 400 B |");
        var (percent, bytes) = await AfterTimeoutsAsync();
        text.AppendLine(CultureInfo.InvariantCulture, $"| memory after {PendingWaits:N0} timeouts and a forced GC, against the start | {percent:+0.00;-0.00} % ({bytes:N0} B) | within 5 % |");
        var lateness = await LatenessAsync();
        text.AppendLine(CultureInfo.InvariantCulture, $"| lateness of 1,000 timeouts of 200 ms on the system clock (5 rounds of 200 at once), median / max | {lateness.Median:0.0} / {lateness.Max:0.0} ms | never early |");
        text.AppendLine().AppendLine("| contention: round trips on distinct ids | tracker (round trips/s) | bare dictionary (round trips/s) | tracker / dictionary |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var threads in new[] { 1, 8, 32 })
        {
            var perThread = (quick ? 20_000 : 200_000) / threads;
            var tracker = Throughput(threads, perThread, TrackerRoundTrips);
            var floor = Throughput(threads, perThread, FloorRoundTrips);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {threads} thread(s) × {perThread:N0} | {tracker:N0} | {floor:N0} | {tracker / floor:0.00} |");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} logical cores; a shared, loaded machine: figures vary from run to run.");
        Console.WriteLine(text);
        return 0;
    }

    private static double PendingWaitBytes()
    {
        using var tracker = new DeliveryTracker();
        var ids = Enumerable.Range(0, PendingWaits).Select(i => $"ntf_pending{i:D9}").ToArray();
        tracker.WaitAsync("warm_up", ThirtySeconds);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var waits = ids.Select(id => tracker.WaitAsync(id, ThirtySeconds)).ToArray();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(waits);
        return (after - before) / (double)PendingWaits;
    }

    private static async Task<(double Percent, long Bytes)> AfterTimeoutsAsync()
    {
        using var tracker = new DeliveryTracker();
        var ids = Enumerable.Range(0, PendingWaits).Select(i => $"ntf_timeout{i:D9}").ToArray();

        // A first round grows what the runtime keeps for 100,000 waits at once (thread pool queues
        // and the like); the second shows what the tracker keeps.
        Check(await AllTimeOutAsync(tracker, ids), "every wait to time out");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        Check(await AllTimeOutAsync(tracker, ids) && tracker.PendingCount == 0, "every wait to time out");
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(ids);
        return (100.0 * (after - before) / before, after - before);
    }

    // Apart, so that nothing of the waits is still referenced from the caller's state when it measures.
    private static async Task<bool> AllTimeOutAsync(DeliveryTracker tracker, string[] ids)
    {
        var options = new SendAndWaitOptions { Timeout = TimeSpan.FromMilliseconds(100) };
        var results = await Task.WhenAll(ids.Select(id => tracker.WaitAsync(id, options)));
        return results.All(r => r.Outcome == DeliveryOutcome.TimedOut);
    }

    private static async Task<(double Median, double Max)> LatenessAsync()
    {
        using var tracker = new DeliveryTracker();
        var timeout = TimeSpan.FromMilliseconds(200);
        var options = new SendAndWaitOptions { Timeout = timeout };
        var late = new ConcurrentBag<double>();
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            {
                var started = Stopwatch.GetTimestamp();
                var result = await tracker.WaitAsync($"ntf_late{round}_{i}", options);
                var lateness = Stopwatch.GetElapsedTime(started) - timeout;
                Check(result.Outcome == DeliveryOutcome.TimedOut && lateness >= TimeSpan.Zero, "a timeout that is never early");
                late.Add(lateness.TotalMilliseconds);
            }));
        }

        var sorted = late.Order().ToArray();
        return (sorted[sorted.Length / 2], sorted[^1]);
    }

    private static double Throughput(int threads, int perThread, Action<int, int> roundTrips)
    {
        roundTrips(threads, Math.Min(perThread, 2_000));
        var started = Stopwatch.GetTimestamp();
        roundTrips(threads, perThread);
        return threads * perThread / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static void TrackerRoundTrips(int threads, int perThread)
    {
        using var tracker = new DeliveryTracker();
        RunThreads(threads, perThread, (thread, i) =>
        {
            var callback = SmoovenModelFactory.DeliveryCallback(CallbackEvent.Delivered, $"ntf_{thread}_{i}", DateTimeOffset.UnixEpoch, Channel.Sms);
            var wait = tracker.WaitAsync(callback.NotificationId, ThirtySeconds);
            tracker.Publish(callback);
            Check(wait.GetAwaiter().GetResult().Outcome == DeliveryOutcome.Delivered, "a delivered round trip");
        });
    }

    private static void FloorRoundTrips(int threads, int perThread)
    {
        var bare = new ConcurrentDictionary<string, TaskCompletionSource<DeliveryCallback>>(StringComparer.Ordinal);
        RunThreads(threads, perThread, (thread, i) =>
        {
            var callback = SmoovenModelFactory.DeliveryCallback(CallbackEvent.Delivered, $"ntf_{thread}_{i}", DateTimeOffset.UnixEpoch, Channel.Sms);
            var source = new TaskCompletionSource<DeliveryCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
            bare.TryAdd(callback.NotificationId, source);
            if (bare.TryRemove(callback.NotificationId, out var waiting))
            {
                waiting.TrySetResult(callback);
            }

            Check(source.Task.GetAwaiter().GetResult().Event == CallbackEvent.Delivered, "a delivered round trip");
        });
    }

    private static void RunThreads(int threads, int perThread, Action<int, int> roundTrip)
    {
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                roundTrip(t, i);
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }
    }

    private static void Check(bool succeeded, string what)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException($"Expected {what}: the measurement would not be of the success path.");
        }
    }
}
