using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Reading;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The endpoint's writes in batches: deliveries claimed together share script runs, every one is
/// recorded, and an instance passes over its own entries without losing another instance's.
/// The hosts run on a fake clock, so the reader's poll never fires: it reads only when nudged.
/// </summary>
public class WriteBatchTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task Deliveries_claimed_together_share_script_runs_and_the_instance_passes_over_its_own_entries()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, prefix, secretKey) = (cluster.Hosts[0], cluster.KeyPrefix, cluster.Emulator.SecretKey);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        var deliveries = Enumerable.Range(0, 20).Select(i => Verified(secretKey, $"ntf_batch_{i}")).ToList();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = admin.GetServers()[0];
        await server.ConfigResetStatisticsAsync();

        var claims = deliveries.Select(delivery => backplane.ClaimAsync(delivery, CancellationToken.None)).ToList();
        var results = await Task.WhenAll(claims).WaitAsync(Cluster.Patience);

        Assert.All(results, result => Assert.Equal(SmoovenBackplaneClaim.Claimed, result));
        var stream = await admin.GetDatabase().StreamRangeAsync(prefix + ":callbacks");
        Assert.Equal(deliveries.Count, stream.Length);
        Assert.InRange(ScriptRuns(await server.InfoAsync("commandstats")), 1, deliveries.Count - 1);
        Assert.Equal(stream[^1].Id, host.Services.GetRequiredService<StreamCursor>().Position);
    }

    [RedisFact]
    public async Task An_entry_from_another_instance_between_this_ones_own_appends_still_reaches_its_tracker()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, prefix, secretKey) = (cluster.Hosts[0], cluster.KeyPrefix, cluster.Emulator.SecretKey);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var foreign = new SignedDelivery(secretKey, "ntf_from_the_other_instance");

        Assert.Equal(SmoovenBackplaneClaim.Claimed, await backplane.ClaimAsync(Verified(secretKey, "ntf_own_before"), CancellationToken.None));
        await other.GetDatabase().StreamAddAsync(prefix + ":callbacks", [new("body", foreign.Body), new("signature", foreign.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "other")]);
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await backplane.ClaimAsync(Verified(secretKey, "ntf_own_after"), CancellationToken.None));
        await other.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + ":nudge"), "other");
        // The fake clock never ends the wait: the patience is on the real one.
        var result = await host.Tracker.WaitAsync("ntf_from_the_other_instance", new SendAndWaitOptions { Timeout = TimeSpan.FromDays(1) }).WaitAsync(Cluster.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    private static SmoovenVerifiedDelivery Verified(string secretKey, string notificationId)
    {
        var delivery = new SignedDelivery(secretKey, notificationId);
        return new SmoovenVerifiedDelivery(delivery.Body, delivery.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(delivery.Body));
    }

    // EVALSHA once the script is loaded, EVAL before.
    private static long ScriptRuns(IGrouping<string, KeyValuePair<string, string>>[] commandStats) => commandStats
        .SelectMany(group => group)
        .Where(pair => pair.Key is "cmdstat_evalsha" or "cmdstat_eval")
        .Sum(pair => long.Parse(pair.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
}
