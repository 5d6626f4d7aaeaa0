using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;
using Smooven.Client.LoadTests.Runs.Redis;

namespace Smooven.Client.LoadTests.Runs.Scaling;

/// <summary>
/// Callback-to-wait latency with 1, 2 and 3 instances on one Redis backplane (each group its own
/// KeyPrefix, the callback posted to one instance and awaited on the next) against one instance
/// without a backplane, all four in interleaved rounds.
/// </summary>
internal static class RedisCurve
{
    private const int Callers = 16;

    public static async Task RunAsync(LoadOptions options)
    {
        var phase = options.Full ? options.Duration : TimeSpan.FromSeconds(options.Quick ? 0.5 : 1);
        var warmup = options.Full ? options.Warmup : TimeSpan.FromSeconds(0.5);
        var rounds = options.Full ? Math.Max(options.Rounds, 5) : options.Rounds;
        var count = (int)Math.Min(options.MaxRequests, Math.Clamp(phase.TotalSeconds * 20_000, 10_000, 100_000));

        await using var redis = await RedisFixture.StartAsync();
        await using var pinning = await CorePinning.ApplyAsync(options.PinRedis, redis);
        var hosts = new List<LoopbackHost>();
        try
        {
            var groups = new List<LoopbackHost[]>();
            foreach (var size in new[] { 1, 2, 3 })
            {
                var prefix = $"scale-{size}-{Guid.NewGuid():N}";
                var group = new LoopbackHost[size];
                for (var i = 0; i < size; i++)
                {
                    group[i] = await RedisRun.StartAsync(redis.Configuration, prefix);
                    hosts.Add(group[i]);
                }

                groups.Add(group);
            }

            var single = await RedisRun.StartAsync(redis: null, "unused");
            hosts.Add(single);
            groups.Add([single]);

            using var http = LoopbackHttp.Create();
            string[] labels = ["1 instance + Redis", "2 instances + Redis", "3 instances + Redis", "1 instance, no backplane"];
            var rows = await InterleavedRounds.RunAsync(
                "redis scaling",
                rounds,
                [.. groups.Select((g, i) => (
                    labels[i],
                    (Func<Task<LoadSample>>)(() => RedisRun.RoundTripPhaseAsync(options, http, g, Callers, warmup, count)),
                    (Func<Task<LoadSample>>)(() => RedisRun.RoundTripPhaseAsync(options, http, g, Callers, phase, count))))]);

            double[] Median(int side, Func<LoadSample, double> measure) =>
                [.. Enumerable.Range(0, 3).Select(_ => Percentiles.Median(rows.Select(r => measure(r[side]))))];
            double[] Backplane(Func<LoadSample, double> measure) =>
                [.. Enumerable.Range(0, 3).Select(side => Percentiles.Median(rows.Select(r => measure(r[side]))))];

            new ScalingCurve(
                "redis-latency",
                "Callback-to-wait latency against instances on the Redis backplane",
                "instances (callback to one, wait on the next)",
                "ms",
                ["1", "2", "3"],
                [
                    new("backplane p50", Backplane(s => s.P50Ms), false),
                    new("backplane p99", Backplane(s => s.P99Ms), false),
                    new("no backplane p50", Median(3, s => s.P50Ms), true),
                    new("no backplane p99", Median(3, s => s.P99Ms), true),
                ],
                $"{Callers} callers: register a wait, post the signed callback, await the wait; {rounds} interleaved rounds of {phase.TotalSeconds:0.#} s; Redis on a unix socket{(pinning.Description is { } pinned ? "; " + pinned : string.Empty)}.")
                .Save(options);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
