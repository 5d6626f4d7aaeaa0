using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// One instance's clock far from the others' and from Redis's, as on a machine whose time
/// synchronisation broke: what the stream keeps and where a reader starts follow Redis's clock,
/// which every instance shares, so that one instance's wrong time costs the others nothing.
/// </summary>
public class ClockSkewTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Skew = TimeSpan.FromHours(1);

    [RedisFact]
    public async Task An_instance_whose_clock_runs_ahead_by_more_than_the_retention_still_sees_the_others_callbacks()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        var ahead = await cluster.AddHostAsync(new FakeTimeProvider(DateTimeOffset.UtcNow + Skew));
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_to_the_punctual_instance");

        using var response = await delivery.PostAsync(cluster.Hosts[0].CallbackUrl);
        // The fake clock never ends the wait: the patience is on the real one.
        var result = await ahead.Tracker.WaitAsync("ntf_to_the_punctual_instance", new SendAndWaitOptions { Timeout = TimeSpan.FromDays(1) }).WaitAsync(Cluster.Patience);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    [RedisFact]
    public async Task An_instance_whose_clock_runs_ahead_trims_nothing_within_the_retention_of_Redis_clock()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        var recent = await WriteEntriesAsync(cluster, "ntf_a_minute_ago", TimeSpan.FromMinutes(1));

        var ahead = await cluster.AddHostAsync(new FakeTimeProvider(DateTimeOffset.UtcNow + Skew));
        var claim = await ClaimAsync(ahead, cluster.Emulator.SecretKey, "ntf_received_by_the_fast_instance");
        var restarted = await cluster.AddHostAsync(TimeProvider.System);

        Assert.Equal(SmoovenBackplaneClaim.Claimed, claim);
        Assert.All(recent, id => Assert.NotNull(restarted.Tracker.GetStatus(id)));
    }

    [RedisFact]
    public async Task An_instance_whose_clock_runs_behind_still_trims_what_is_older_than_the_retention_on_Redis_clock()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await WriteEntriesAsync(cluster, "ntf_twenty_minutes_ago", SmoovenRedisOptions.DefaultRetention + TimeSpan.FromMinutes(5));

        var behind = await cluster.AddHostAsync(new FakeTimeProvider(DateTimeOffset.UtcNow - Skew));
        var claim = await ClaimAsync(behind, cluster.Emulator.SecretKey, "ntf_received_by_the_slow_instance");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var stream = await connection.GetDatabase().StreamRangeAsync(cluster.KeyPrefix + ":callbacks");

        Assert.Equal(SmoovenBackplaneClaim.Claimed, claim);
        // An approximate trim keeps the node it would have to split (about a dozen entries here).
        Assert.InRange(stream.Length, 1, 20);
    }

    // Signed entries from another instance, that long before Redis's time: enough for several of the
    // stream's nodes, as an approximate trim drops whole nodes only. Returns their notification ids.
    private async Task<List<string>> WriteEntriesAsync(Cluster cluster, string prefix, TimeSpan ago)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var then = new DateTimeOffset(await connection.GetServers()[0].TimeAsync(), TimeSpan.Zero) - ago;
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var delivery = new SignedDelivery(cluster.Emulator.SecretKey, $"{prefix}_{i}");
            await connection.GetDatabase().StreamAddAsync(
                cluster.KeyPrefix + ":callbacks",
                [new("body", delivery.Body), new("signature", delivery.HeaderAt(then)), new("origin", "peer")],
                $"{then.ToUnixTimeMilliseconds() + i}-0");
            ids.Add($"{prefix}_{i}");
        }

        return ids;
    }

    private static async Task<SmoovenBackplaneClaim> ClaimAsync(ScaleOutHost host, string secretKey, string notificationId)
    {
        var delivery = new SignedDelivery(secretKey, notificationId);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        return await backplane.ClaimAsync(
            new SmoovenVerifiedDelivery(delivery.Body, delivery.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(delivery.Body)), CancellationToken.None);
    }
}
