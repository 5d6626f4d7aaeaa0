using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis stops while callbacks arrive: nothing unrecorded is acknowledged (each is answered 503), and
/// once Redis is back Smooven's retries bring every callback to the waiting instance.
/// </summary>
/// <remarks>
/// The retry schedule runs on a fake clock; the fake clock starts at the real time, so that
/// signatures and stream ids agree with Redis.
/// </remarks>
public class RedisStoppedWhileCallbacksArriveTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RestoredMetric = "smooven.client.redis.connection.restorations";
    private const string GapMetric = "smooven.client.redis.gaps";

    [RedisFact]
    public async Task Callbacks_that_arrive_while_Redis_is_down_get_503_and_reach_the_wait_after_the_retry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2, new SmoovenEmulatorOptions { TimeProvider = clock });
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        using var aRestored = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        using var bRestored = new MetricCollector<long>(b.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        using var gaps = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", GapMetric);

        await redis.StopAsync();
        var wait = a.Client.SendAndWaitAsync(Cluster.Reminder(b.CallbackUrl), TimeSpan.FromHours(1));
        var refused = await cluster.Emulator.WaitForCallbackAttemptsAsync(3).WaitAsync(Cluster.Patience);

        await redis.StartAsync();
        await aRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience); // interactive and subscription
        await bRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience);
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await wait.WaitAsync(Cluster.Patience);
        await cluster.Emulator.WaitForIdleAsync().WaitAsync(Cluster.Patience);

        Assert.All(refused, attempt => Assert.Equal(503, attempt.StatusCode));
        Assert.Equal(0, refused.Count(attempt => attempt.IsAcknowledged));
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.All(cluster.Emulator.CallbackAttempts, attempt => Assert.True(attempt.StatusCode is 200 or 503, attempt.ToString()));

        // The three retries run at once, so the wait may end on delivered before sent is in: none is lost.
        Assert.Equal(
            ["notification.delivered", "notification.queued", "notification.sent"],
            cluster.Emulator.CallbackAttempts.Where(attempt => attempt.IsAcknowledged).Select(attempt => attempt.Event.ToString()).Order());
        Assert.Equal(3, b.Handler.Calls);
        Assert.Equal(0, a.Handler.Calls);
        Assert.Empty(gaps.GetMeasurementSnapshot()); // nothing recorded was trimmed: no gap to report
    }
}
