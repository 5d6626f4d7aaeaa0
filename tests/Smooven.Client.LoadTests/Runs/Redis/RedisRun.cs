using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ScaleOut;
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
internal static class RedisRun
{
    private const string SecretKey = "sk_test_load_redis_0123456789";

    public static async Task<IReadOnlyList<RunReport>> RunAsync(LoadOptions options)
    {
        DirectoryInfo? folder = null;
        RedisServerProcess? ownRedis = null;
        var redis = Environment.GetEnvironmentVariable("SMOOVEN_REDIS");
        if (string.IsNullOrWhiteSpace(redis))
        {
            var executable = RedisServerProcess.FindExecutable()
                ?? throw new InvalidOperationException("The redis run needs redis-server on the PATH, or SMOOVEN_REDIS set.");
            folder = Directory.CreateTempSubdirectory("smooven-load-redis-");
            ownRedis = await RedisServerProcess.StartAsync(executable, Path.Combine(folder.FullName, "redis.sock"));
            redis = ownRedis.Configuration;
        }

        try
        {
            var prefix = "load-" + Guid.NewGuid().ToString("N");
            await using var single = await StartAsync(redis: null, prefix);
            await using var shared = await StartAsync(redis, prefix);
            await using var other = await StartAsync(redis, prefix);
            return [await ThroughputAsync(options, shared, single), await LatencyAsync(options, shared, other, single)];
        }
        finally
        {
            if (ownRedis is not null)
            {
                await ownRedis.DisposeAsync();
            }

            folder?.Delete(recursive: true);
        }
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

    private static async Task<RunReport> LatencyAsync(LoadOptions options, LoopbackHost waiter, LoopbackHost called, LoopbackHost single)
    {
        using var crossHttp = LoopbackHttp.Create();
        using var singleHttp = LoopbackHttp.Create();
        var result = await AbComparison.RunAsync(
            "redis-latency",
            options.Rounds,
            () => RoundTripPhaseAsync(options, crossHttp, waiter, called, options.Warmup),
            () => RoundTripPhaseAsync(options, singleHttp, single, single, options.Warmup),
            () => RoundTripPhaseAsync(options, crossHttp, waiter, called, options.Duration),
            () => RoundTripPhaseAsync(options, singleHttp, single, single, options.Duration));
        var report = RunReport.FromAb("redis-latency", options, result, "wait on A, callback to B (Redis)", "wait and callback on one host", "cross-instance / single-host callback-to-wait", "callback", 0.0);
        var p99Difference = result.MedianA.P99Ms - result.MedianB.P99Ms;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"redis-latency: p99 cross-instance minus single-host: {p99Difference:0.00} ms (target ≤ 2 ms)"));
        return report;
    }

    // Distinct bodies per phase, as in the webhook run: a repeated body would take the duplicate path.
    private static Task<LoadSample> PostPhaseAsync(LoadOptions options, HttpClient http, LoopbackHost host, TimeSpan duration)
    {
        var (batch, callbacks) = Batch(options);
        var uri = new Uri(host.Address, SdkWebhookEndpoint.Path.TrimStart('/'));
        return ClosedLoop.RunAsync(options.Callers, duration, callbacks.Length, sequence => WebhookRun.PostAsync(http, uri, callbacks[sequence - 1]));
    }

    // From registering the wait to its end: the wait on one host, the callback posted to another.
    private static Task<LoadSample> RoundTripPhaseAsync(LoadOptions options, HttpClient http, LoopbackHost waiter, LoopbackHost called, TimeSpan duration)
    {
        var (batch, callbacks) = Batch(options);
        var tracker = waiter.Services.GetRequiredService<DeliveryTracker>();
        var uri = new Uri(called.Address, SdkWebhookEndpoint.Path.TrimStart('/'));
        var waitOptions = new SendAndWaitOptions { Timeout = TimeSpan.FromSeconds(10) };
        return ClosedLoop.RunAsync(options.Callers, duration, callbacks.Length, async sequence =>
        {
            var wait = tracker.WaitAsync(string.Create(CultureInfo.InvariantCulture, $"ntf_{batch}_{sequence - 1:D9}"), waitOptions);
            await WebhookRun.PostAsync(http, uri, callbacks[sequence - 1]);
            var result = await wait;
            if (result.Outcome != DeliveryOutcome.Delivered)
            {
                throw new InvalidOperationException($"The wait ended {result.Outcome}, not Delivered.");
            }
        });
    }

    private static (string Batch, (byte[] Body, string Signature)[] Callbacks) Batch(LoadOptions options)
    {
        var batch = Guid.NewGuid().ToString("N")[..12];
        var count = (int)Math.Min(options.MaxRequests, options.Quick ? 20_000 : 100_000);
        var callbacks = SignedCallbacks.Create(SecretKey, batch, count);
        GC.Collect();
        return (batch, callbacks);
    }

    private static Task<LoopbackHost> StartAsync(string? redis, string prefix) => LoopbackHost.StartAsync(
        services =>
        {
            SdkWebhookEndpoint.AddServices(services, SecretKey);
            if (redis is not null)
            {
                services.AddSmoovenRedisBackplane(redis, options => options.KeyPrefix = prefix);
            }
        },
        SdkWebhookEndpoint.Map);
}
