using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;
using Smooven.Client.Testing;

namespace Smooven.Client.LoadTests.Runs.Tracker;

/// <summary>
/// Run 3: thousands of concurrent SendAndWaitAsync through the emulator with duplicated,
/// shuffled and early callbacks, received by MapSmoovenWebhook and the DeliveryTracker (A),
/// against the same sends waited on through <see cref="FloorReceiver"/> (B).
/// </summary>
internal static class TrackerRun
{
    private const string SdkPath = "/webhooks/smooven";
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    public static async Task<RunReport> RunAsync(LoadOptions options)
    {
        var clock = new ReceiptClock();
        var floor = new FloorReceiver();
        var emulatorOptions = new SmoovenEmulatorOptions();
        emulatorOptions.Faults.DuplicateCallbacks = true;
        emulatorOptions.Faults.ShuffleCallbacks = true;
        emulatorOptions.Faults.CallbackBeforeResponse = true;
        await using var emulator = await SmoovenEmulator.StartAsync(emulatorOptions);
        await using var host = await LoopbackHost.StartAsync(
            services => services
                .AddSmoovenClient(o =>
                {
                    o.SecretKey = emulator.SecretKey;
                    o.BaseAddress = emulator.BaseAddress;
                })

                // Both sides send through this client. A bounded pool, as in production: 10,000 sockets
                // at once, twice over in one process, would run out of file descriptors before anything else.
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false }),
            app =>
            {
                clock.Use(app, "/webhooks");
                app.MapSmoovenWebhook(SdkPath);
                floor.Map(app);
            });
        var client = host.Services.GetRequiredService<SmoovenClient>();
        var sdkCallbackUrl = new Uri(host.Address, SdkPath.TrimStart('/'));
        var floorCallbackUrl = new Uri(host.Address, FloorReceiver.Path.TrimStart('/'));
        var waitOptions = new SendAndWaitOptions { Timeout = WaitTimeout };

        async Task<Outcome> SdkWaitAsync(int index)
        {
            var result = await client.SendAndWaitAsync(Request(index, sdkCallbackUrl), waitOptions);
            var resumedAt = Stopwatch.GetTimestamp();
            return new Outcome(result.NotificationId, resumedAt, Judge(result));
        }

        async Task<Outcome> FloorWaitAsync(int index)
        {
            var accepted = await client.NotifyAsync(Request(index, floorCallbackUrl));
            var id = await floor.WaitAsync(accepted.NotificationId, WaitTimeout);
            var resumedAt = Stopwatch.GetTimestamp();
            return new Outcome(accepted.NotificationId, resumedAt, id == accepted.NotificationId ? null : $"resumed with {id}");
        }

        async Task<TrackerSample> PhaseAsync(int waits, Func<int, Task<Outcome>> wait)
        {
            clock.Clear();
            floor.Clear();
            GC.Collect();
            var sampler = new WorkingSetSampler(TimeSpan.FromMilliseconds(10));
            var started = Stopwatch.GetTimestamp();
            var outcomes = await Task.WhenAll(Enumerable.Range(0, waits).Select(i => Guarded(wait, i)));
            var elapsed = Stopwatch.GetElapsedTime(started);
            await sampler.DisposeAsync();
            await DrainAsync(clock);
            return TrackerSample.From(outcomes, elapsed, sampler.PeakBytes, clock);
        }

        var warmupWaits = Math.Min(options.Waits, 1_000);
        Console.WriteLine("tracker: warm-up");
        await PhaseAsync(warmupWaits, SdkWaitAsync);
        await PhaseAsync(warmupWaits, FloorWaitAsync);
        var rounds = new List<(TrackerSample A, TrackerSample B)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            TrackerSample a, b;
            if (round % 2 == 1)
            {
                a = await PhaseAsync(options.Waits, SdkWaitAsync);
                b = await PhaseAsync(options.Waits, FloorWaitAsync);
            }
            else
            {
                b = await PhaseAsync(options.Waits, FloorWaitAsync);
                a = await PhaseAsync(options.Waits, SdkWaitAsync);
            }

            rounds.Add((a, b));
            Console.WriteLine($"tracker: round {round}/{options.Rounds}: A {a} | B {b}");
        }

        return Report(options, rounds);
    }

    private static NotifyRequest Request(int index, Uri callbackUrl) => new()
    {
        Intent = "Remind Sarah about her appointment",
        Context = new NotifyContext { UserId = string.Create(CultureInfo.InvariantCulture, $"user{index}@example.com") },
        CallbackUrl = callbackUrl,
    };

    // Right means: delivered (the emulator's default scenario), ended by this notification's own
    // delivered callback, and no callback counted twice.
    private static string? Judge(DeliveryResult result)
    {
        if (result.Outcome != DeliveryOutcome.Delivered)
        {
            return $"ended {result.Outcome}";
        }

        if (result.FinalCallback is not { } final || final.NotificationId != result.NotificationId || final.Event != CallbackEvent.Delivered)
        {
            return $"final callback {result.FinalCallback}";
        }

        if (result.Callbacks.Any(c => c.NotificationId != result.NotificationId))
        {
            return "a callback of another notification";
        }

        var distinct = result.Callbacks.Select(c => (c.Event, c.ChannelUsed, c.Timestamp)).Distinct().Count();
        return distinct == result.Callbacks.Count ? null : $"{result.Callbacks.Count - distinct} duplicate callback(s) counted";
    }

    private static async Task<Outcome> Guarded(Func<int, Task<Outcome>> wait, int index)
    {
        try
        {
            return await wait(index);
        }
        catch (Exception ex)
        {
            return new Outcome(string.Empty, Stopwatch.GetTimestamp(), $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    // Duplicates and late events still in flight would otherwise land in the next phase.
    private static async Task DrainAsync(ReceiptClock clock)
    {
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        var last = -1L;
        while (clock.Received != last && Stopwatch.GetTimestamp() < deadline)
        {
            last = clock.Received;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static RunReport Report(LoadOptions options, List<(TrackerSample A, TrackerSample B)> rounds)
    {
        static double Median(IEnumerable<double> values) => Percentiles.Median(values);
        var a = TrackerSample.Median(rounds.Select(r => r.A).ToList());
        var b = TrackerSample.Median(rounds.Select(r => r.B).ToList());
        var timeRatio = Median(rounds.Select(r => r.A.Elapsed.TotalSeconds / r.B.Elapsed.TotalSeconds));
        var p50Ratio = Median(rounds.Select(r => r.A.P50Ms / r.B.P50Ms));
        var p99Ratio = Median(rounds.Select(r => r.A.P99Ms / r.B.P99Ms));
        var wrong = rounds.Sum(r => r.A.Wrong);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| tracker ({options.Waits:N0} concurrent waits, duplicates + shuffled + early callbacks, {options.Rounds} A/B rounds) | time to complete all | waits/s | p50 receipt→resume | p99 receipt→resume | peak working set | waits not ended as expected |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| A: SendAndWaitAsync + MapSmoovenWebhook + DeliveryTracker | {a.Elapsed.TotalSeconds:0.00} s | {a.PerSecond:N0} | {RunReport.Ms(a.P50Ms)} | {RunReport.Ms(a.P99Ms)} | {a.PeakWorkingSetBytes / 1048576.0:N0} MiB | **{wrong}** (over all rounds) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| B: NotifyAsync + bare endpoint + ConcurrentDictionary floor | {b.Elapsed.TotalSeconds:0.00} s | {b.PerSecond:N0} | {RunReport.Ms(b.P50Ms)} | {RunReport.Ms(b.P99Ms)} | {b.PeakWorkingSetBytes / 1048576.0:N0} MiB | {rounds.Sum(r => r.B.Wrong)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **median ratio A/B** | **{timeRatio:0.00}** | | {p50Ratio:0.00} | {p99Ratio:0.00} | | |");
        var firstWrong = rounds.Select(r => r.A.FirstWrong).FirstOrDefault(w => w is not null);
        if (firstWrong is not null)
        {
            text.AppendLine();
            text.AppendLine("First wait that did not end as expected: " + firstWrong);
        }

        Ratio[] ratios =
        [
            new("load: SendAndWait x N, time to complete / floor", timeRatio, null, LowerIsBetter: true),
            new("load: SendAndWait x N, p99 receipt→resume / floor", p99Ratio, null, LowerIsBetter: true),
        ];
        return new RunReport("tracker", MachineLine.Describe(), options.Quick, RunReport.Describe(options), text.ToString(), ratios, wrong + rounds.Sum(r => r.B.Wrong));
    }

    internal sealed record Outcome(string NotificationId, long ResumedAt, string? Wrong);
}
