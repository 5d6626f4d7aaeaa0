using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis restarted without persistence, as a crashed or rescheduled Redis with nothing saved comes
/// back: its stream, claims and scripts are gone. The claim in flight is answered so that Smooven
/// retries, and waits on one instance end with callbacks another receives afterwards.
/// </summary>
public class RedisRestartTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RestoredMetric = "smooven.client.redis.connection.restorations";

    [RedisFact]
    public async Task After_Redis_restarted_empty_a_wait_on_one_instance_ends_with_a_callback_another_received()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        await DeliverAsync(cluster, b, "ntf_before_the_restart");
        await a.Tracker.WaitAsync("ntf_before_the_restart", new SendAndWaitOptions { Timeout = Cluster.Patience });
        var wait = a.Tracker.WaitAsync("ntf_after_the_restart", new SendAndWaitOptions { Timeout = Cluster.Patience });

        var inFlight = await RestartRedisAsync(cluster, claimingOn: b);
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true"))
        {
            await admin.GetServers()[0].ScriptFlushAsync(); // whatever the reconnect loaded again: sent whole after NOSCRIPT
        }

        var claim = await DeliverAsync(cluster, b, "ntf_after_the_restart");
        var result = await wait;

        Assert.Equal(SmoovenBackplaneClaim.Unavailable, inFlight);
        Assert.Equal(SmoovenBackplaneClaim.Claimed, claim);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    [RedisFact]
    public async Task After_Redis_came_back_giving_ids_below_those_it_gave_before_a_wait_on_another_instance_still_ends()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        // Ids come from Redis's clock: a Redis that comes back on a clock a minute behind (another
        // machine, or its clock stepped back) gives ids below those instance A has read.
        await using (var peer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            var ahead = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_before_the_restart");
            var id = (DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds()) + "-0";
            await peer.GetDatabase().StreamAddAsync(
                cluster.KeyPrefix + ":callbacks", [new("body", ahead.Body), new("signature", ahead.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")], id);
            await peer.GetSubscriber().PublishAsync(RedisChannel.Literal(cluster.KeyPrefix + ":nudge"), "peer");
        }

        await a.Tracker.WaitAsync("ntf_before_the_restart", new SendAndWaitOptions { Timeout = Cluster.Patience });
        var wait = a.Tracker.WaitAsync("ntf_after_the_restart", new SendAndWaitOptions { Timeout = Cluster.Patience });

        await RestartRedisAsync(cluster, claimingOn: null);
        var claim = await DeliverAsync(cluster, b, "ntf_after_the_restart");
        var result = await wait;

        Assert.Equal(SmoovenBackplaneClaim.Claimed, claim);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    // Kills Redis (with a claim from claimingOn in flight, held by a pause), starts it empty, and
    // returns once every host's connections are back, with what the claim in flight was answered.
    private async Task<SmoovenBackplaneClaim?> RestartRedisAsync(Cluster cluster, ScaleOutHost? claimingOn)
    {
        var restored = cluster.Hosts.Select(host => new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric)).ToList();
        Task<SmoovenBackplaneClaim>? inFlight = null;

        // Kept open until Redis is gone: closing it while Redis is paused would wait for the pause.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        if (claimingOn is not null)
        {
            await admin.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "10000", "ALL");
            inFlight = ClaimAsync(cluster, claimingOn, "ntf_in_flight_while_Redis_died");
        }

        await redis.StopAsync();
        await redis.StartAsync();
        foreach (var collector in restored)
        {
            await collector.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience); // interactive and subscription
            collector.Dispose();
        }

        return inFlight is null ? null : await inFlight.WaitAsync(Cluster.Patience);
    }

    private static async Task<SmoovenBackplaneClaim> DeliverAsync(Cluster cluster, ScaleOutHost host, string notificationId)
    {
        var claim = await ClaimAsync(cluster, host, notificationId);
        if (claim == SmoovenBackplaneClaim.Claimed)
        {
            var delivery = new SignedDelivery(cluster.Emulator.SecretKey, notificationId);
            await host.Services.GetRequiredService<ISmoovenWebhookBackplane>().CompleteAsync(Verified(delivery), handled: true);
        }

        return claim;
    }

    private static Task<SmoovenBackplaneClaim> ClaimAsync(Cluster cluster, ScaleOutHost host, string notificationId) =>
        host.Services.GetRequiredService<ISmoovenWebhookBackplane>().ClaimAsync(Verified(new SignedDelivery(cluster.Emulator.SecretKey, notificationId)), CancellationToken.None);

    private static SmoovenVerifiedDelivery Verified(SignedDelivery delivery) =>
        new(delivery.Body, delivery.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(delivery.Body));
}
