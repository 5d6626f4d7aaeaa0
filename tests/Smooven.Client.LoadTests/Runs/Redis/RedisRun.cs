using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;
using Smooven.Client.LoadTests.Runs.Webhook;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// Run 4, the Redis backplane, against a redis-server on a unix socket (its own, or SMOOVEN_REDIS):
/// the endpoint's throughput with the backplane (A) against without (B); and callback-to-wait
/// latency with the wait on another instance than the one called (A) against one instance (B).
/// </summary>
/// <remarks>
/// The second backplane instance starts after the throughput rounds: it reads and checks every
/// callback, which in production costs its own machine, not the endpoint's. Its cost shows in the
/// latency rounds and in scale-redis. With --separate-processes the latency rounds' instances, the
/// single host included, each run in a child process, asked for waits over HTTP: instances then do
/// not share one heap and one garbage collector, which no two machines do, and this process only
/// holds the callers.
/// </remarks>
internal static class RedisRun
{
    private const string SecretKey = "sk_test_load_redis_0123456789";

    // An environment variable rather than a switch, so that the child processes inherit it: the
    // history every instance keeps is what its collections copy, and so the length of their pauses.
    private const string HistoryCapacityVariable = "SMOOVEN_LOAD_HISTORY_CAPACITY";

    public static async Task<IReadOnlyList<RunReport>> RunAsync(LoadOptions options)
    {
        await using var redis = await RedisFixture.StartAsync();
        await using var pinning = await CorePinning.ApplyAsync(options.PinRedis, redis);
        var prefix = "load-" + Guid.NewGuid().ToString("N");
        await using var single = await StartAsync(redis: null, prefix);
        await using var shared = await StartAsync(redis.Configuration, prefix);
        var throughput = await ThroughputAsync(options, shared, single);
        await using var latency = options.SeparateProcesses
            ? await LatencyLayout.InChildProcessesAsync(redis.Configuration, "load-" + Guid.NewGuid().ToString("N"))
            : await LatencyLayout.InThisProcessAsync(shared, single, redis.Configuration, prefix);
        List<RunReport> reports = [throughput, await LatencyAsync(options, latency.Cross, latency.Alone)];
        foreach (var rate in options.Rates)
        {
            reports.Add(await LatencyAtRateAsync(options, rate, latency.Cross, latency.Alone));
        }

        return reports;
    }

    private static async Task<RunReport> ThroughputAsync(LoadOptions options, LoopbackHost shared, LoopbackHost single)
    {
        using var sharedHttp = LoopbackHttp.Create();
        using var singleHttp = LoopbackHttp.Create();
        var result = await AbComparison.RunAsync(
            "redis-throughput",
            options.Rounds,
            () => PostPhaseAsync(options, sharedHttp, shared, options.Warmup),
            () => PostPhaseAsync(options, singleHttp, single, options.Warmup),
            () => PostPhaseAsync(options, sharedHttp, shared, options.Duration),
            () => PostPhaseAsync(options, singleHttp, single, options.Duration));
        return RunReport.FromAb("redis-throughput", options, result, "MapSmoovenWebhook + Redis backplane", "MapSmoovenWebhook alone", "webhook with / without backplane", "callback", 0.70);
    }

    private static async Task<RunReport> LatencyAsync(LoadOptions options, CrossInstance cross, CrossInstance alone)
    {
        using var crossHttp = LoopbackHttp.Create();
        using var singleHttp = LoopbackHttp.Create();
        var result = await AbComparison.RunAsync(
            "redis-latency",
            options.Rounds,
            () => RoundTripPhaseAsync(crossHttp, cross, options.Callers, options.Warmup, BatchSize(options)),
            () => RoundTripPhaseAsync(singleHttp, alone, options.Callers, options.Warmup, BatchSize(options)),
            () => RoundTripPhaseAsync(crossHttp, cross, options.Callers, options.Duration, BatchSize(options)),
            () => RoundTripPhaseAsync(singleHttp, alone, options.Callers, options.Duration, BatchSize(options)));
        var report = RunReport.FromAb("redis-latency", options, result, cross.Description, alone.Description, "cross-instance / single-host callback-to-wait", "callback", 0.0);
        var p99Difference = result.MedianA.P99Ms - result.MedianB.P99Ms;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"redis-latency: p99 cross-instance minus single-host: {p99Difference:0.00} ms (target ≤ 2 ms)"));
        return report;
    }

    // The same round trips started at a fixed rate: the cross-instance path's own latency at a given
    // load, where the closed loop's p99 at saturation is mostly time spent queueing for a core.
    private static async Task<RunReport> LatencyAtRateAsync(LoadOptions options, double perSecond, CrossInstance cross, CrossInstance alone)
    {
        using var crossHttp = LoopbackHttp.Create();
        using var singleHttp = LoopbackHttp.Create();
        var name = string.Create(CultureInfo.InvariantCulture, $"redis-latency-at-{perSecond:0}");
        Task<LoadSample> Phase(HttpClient http, CrossInstance instances, TimeSpan duration)
        {
            var roundTrip = RoundTrip(http, instances, BatchSize(options), out var count);
            return OpenLoop.RunAsync(perSecond, duration, count, roundTrip);
        }

        var result = await AbComparison.RunAsync(
            name,
            options.Rounds,
            () => Phase(crossHttp, cross, options.Warmup),
            () => Phase(singleHttp, alone, options.Warmup),
            () => Phase(crossHttp, cross, options.Duration),
            () => Phase(singleHttp, alone, options.Duration));
        var load = string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0} round trips/s, open loop");
        var report = RunReport.FromAb(name, options, result, cross.Description, alone.Description, $"cross-instance / single-host callback-to-wait at {load}", "callback", 0.0, load);
        var p99Difference = result.MedianA.P99Ms - result.MedianB.P99Ms;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: p99 cross-instance minus single-host: {p99Difference:0.00} ms (target ≤ 2 ms)"));
        return report;
    }

    // Distinct bodies per phase, as in the webhook run: a repeated body would take the duplicate path.
    private static Task<LoadSample> PostPhaseAsync(LoadOptions options, HttpClient http, LoopbackHost host, TimeSpan duration)
    {
        var (_, callbacks) = Batch(BatchSize(options));
        var uri = new Uri(host.Address, SdkWebhookEndpoint.Path.TrimStart('/'));
        return ClosedLoop.RunAsync(options.Callers, duration, callbacks.Length, sequence => WebhookRun.PostAsync(http, uri, callbacks[sequence - 1]));
    }

    // From registering the wait to its end: with more than one host, the callback is posted to
    // host n and the wait is on host n + 1, so every round trip crosses instances.
    internal static Task<LoadSample> RoundTripPhaseAsync(LoadOptions options, HttpClient http, IReadOnlyList<LoopbackHost> hosts, int callers, TimeSpan duration, int count) =>
        RoundTripPhaseAsync(http, hosts.Count == 1 ? CrossInstance.Alone(hosts[0]) : CrossInstance.Ring(hosts), callers, duration, count);

    private static Task<LoadSample> RoundTripPhaseAsync(HttpClient http, CrossInstance instances, int callers, TimeSpan duration, int count)
    {
        var roundTrip = RoundTrip(http, instances, count, out var callbacks);
        return ClosedLoop.RunAsync(callers, duration, callbacks, roundTrip);
    }

    // Round trip n waits on waiter n and posts to target n (both modulo their count).
    private static Func<long, Task> RoundTrip(HttpClient http, CrossInstance instances, int count, out int callbackCount)
    {
        var (batch, callbacks) = Batch(count);
        var waiters = instances.Waiters;
        var targets = instances.Targets.Select(address => new Uri(address, SdkWebhookEndpoint.Path.TrimStart('/'))).ToArray();
        callbackCount = callbacks.Length;
        return async sequence =>
        {
            var wait = await waiters[sequence % waiters.Length](string.Create(CultureInfo.InvariantCulture, $"ntf_{batch}_{sequence - 1:D9}"));
            await WebhookRun.PostAsync(http, targets[sequence % targets.Length], callbacks[sequence - 1]);
            var outcome = await wait;
            if (outcome != DeliveryOutcome.Delivered)
            {
                throw new InvalidOperationException($"The wait ended {outcome}, not Delivered.");
            }
        };
    }

    private static int BatchSize(LoadOptions options) => (int)Math.Min(options.MaxRequests, options.Quick ? 20_000 : 100_000);

    private static (string Batch, (byte[] Body, string Signature)[] Callbacks) Batch(int count)
    {
        var batch = Guid.NewGuid().ToString("N")[..12];
        var callbacks = SignedCallbacks.Create(SecretKey, batch, count);
        GC.Collect();
        return (batch, callbacks);
    }

    internal static Task<LoopbackHost> StartAsync(string? redis, string prefix) => LoopbackHost.StartAsync(
        services =>
        {
            SdkWebhookEndpoint.AddServices(services, SecretKey);
            if (Environment.GetEnvironmentVariable(HistoryCapacityVariable) is { Length: > 0 } capacity)
            {
                services.Configure<DeliveryTrackerOptions>(o => o.HistoryCapacity = int.Parse(capacity, CultureInfo.InvariantCulture));
            }

            if (redis is not null)
            {
                services.AddSmoovenRedisBackplane(redis, options => options.KeyPrefix = prefix);
            }
        },
        app =>
        {
            SdkWebhookEndpoint.Map(app);
            RemoteWait.Map(app);
        });
}
