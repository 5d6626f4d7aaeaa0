using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;

namespace Smooven.Client.LoadTests.Runs.Scaling;

/// <summary>
/// Memory against count, each point the median of interleaved rounds of the SDK and its floor:
/// pending waits (bytes per wait) and the tracker's history (bytes per notification of 5 callbacks).
/// </summary>
internal static class MemoryCurves
{
    private static readonly string[] Events = ["queued", "sent", "delivered", "opened", "clicked"];
    private static readonly SendAndWaitOptions ThirtySeconds = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static void PendingWaits(LoadOptions options)
    {
        int[] counts = options.Full ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000];
        var curve = Measure(options, counts, count =>
        {
            var ids = Enumerable.Range(0, count).Select(i => $"ntf_pending_{i:D9}").ToArray();
            return (
                () =>
                {
                    using var tracker = new DeliveryTracker();
                    tracker.WaitAsync("warm_up", ThirtySeconds);
                    return RetainedMemory.Measure(() => ids.Select(id => tracker.WaitAsync(id, ThirtySeconds)).ToArray());
                },
                () =>
                {
                    var pending = new ConcurrentDictionary<string, TaskCompletionSource<DeliveryResult>>(StringComparer.Ordinal);
                    return RetainedMemory.Measure(() => ids.Select(id => pending.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task).ToArray());
                });
        });
        new ScalingCurve(
            "pending-waits",
            "Memory of pending waits against their number",
            "pending waits",
            "bytes per wait",
            [.. counts.Select(Thousands)],
            [new("DeliveryTracker, 30 s timeout", curve[0], false), new("dictionary of TCS, no timeout", curve[1], true)],
            $"Heap after a full GC; ids made beforehand; the array of tasks counted on both sides; {options.Rounds} interleaved rounds.{(options.Full ? string.Empty : " 1M with --full.")}")
            .Save(options);
    }

    public static void History(LoadOptions options)
    {
        int[] counts = [1_000, 10_000, 100_000];
        var curve = Measure(options, counts, count =>
        {
            var bodies = Enumerable.Range(0, count).SelectMany(i => Events.Select(e => Body($"ntf_history_{i:D9}", e))).ToArray();

            // The capacity is shared out per stripe, so a margin keeps uneven stripes from dropping any.
            var trackerOptions = new DeliveryTrackerOptions { HistoryCapacity = count + (count / 4) };
            return (
                () =>
                {
                    using var tracker = new DeliveryTracker(trackerOptions);
                    var bytes = RetainedMemory.Measure(() =>
                    {
                        foreach (var body in bodies)
                        {
                            tracker.Publish(DeliveryCallback.Parse(body));
                        }

                        return tracker;
                    });
                    RequireAllKept(tracker, count);
                    return bytes;
                },
                () => RetainedMemory.Measure(() =>
                {
                    var history = new ConcurrentDictionary<string, List<DeliveryCallback>>(StringComparer.Ordinal);
                    foreach (var body in bodies)
                    {
                        var callback = DeliveryCallback.Parse(body);
                        var list = history.GetOrAdd(callback.NotificationId, _ => new List<DeliveryCallback>(Events.Length));
                        lock (list)
                        {
                            list.Add(callback);
                        }
                    }

                    return history;
                }));
        });
        new ScalingCurve(
            "history",
            "Memory of the tracker's history against notifications kept (5 callbacks each)",
            "notifications in history",
            "bytes per notification",
            [.. counts.Select(Thousands)],
            [new("DeliveryTracker history", curve[0], false), new("dictionary of callback lists", curve[1], true)],
            $"Parsed callbacks (about 330 B of JSON each) counted on both sides; HistoryCapacity 1.25 × the count; {options.Rounds} interleaved rounds.")
            .Save(options);
    }

    // Per point, interleaved rounds of the SDK (0) and its floor (1); bytes per item, median of rounds.
    private static double[][] Measure(LoadOptions options, int[] counts, Func<int, (Func<long> Sdk, Func<long> Floor)> prepare)
    {
        double[][] perItem = [new double[counts.Length], new double[counts.Length]];
        for (var point = 0; point < counts.Length; point++)
        {
            var (sdk, floor) = prepare(counts[point]);
            Func<long>[] sides = [sdk, floor];
            var rounds = new List<double>[] { [], [] };
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var step = 0; step < 2; step++)
                {
                    var side = (round + step) % 2;
                    rounds[side].Add(sides[side]() / (double)counts[point]);
                }
            }

            for (var side = 0; side < 2; side++)
            {
                perItem[side][point] = Percentiles.Median(rounds[side]);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{counts[point]:N0}: SDK {string.Join(", ", rounds[0].Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} B | floor {string.Join(", ", rounds[1].Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} B"));
        }

        return perItem;
    }

    private static void RequireAllKept(DeliveryTracker tracker, int count)
    {
        var kept = Enumerable.Range(0, count).Count(i => tracker.GetStatus($"ntf_history_{i:D9}") is not null);
        if (kept != count)
        {
            throw new InvalidOperationException($"The history kept {kept} of {count} notifications: raise the margin on HistoryCapacity.");
        }
    }

    private static byte[] Body(string notificationId, string status) => Encoding.UTF8.GetBytes(
        $$$"""{"event":"notification.{{{status}}}","notification_id":"{{{notificationId}}}","channel_used":"sms","status":"{{{status}}}","timestamp":"2026-12-01T08:00:00Z","recipient":{"user_id":"sarah@example.com","channel_address":"+61400000000"},"metadata":{"urgency":"normal","intent":"Remind Sarah about her appointment"}}""");

    private static string Thousands(int count) => count >= 1_000_000 ? $"{count / 1_000_000}M" : $"{count / 1_000}k";
}
