using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Reading;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The endpoint's writes in batches: deliveries claimed together share script runs, every one is
/// recorded, a release is never overtaken by a later claim, a claim given up while queued is not
/// sent, and an instance passes over its own entries without losing another instance's.
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

    // Only the entries of a batch whose reply was lost are read back into the tracker (LostReplyWaitTests):
    // one whose claim was answered was published by the endpoint, and read back with another instance's
    // entry before it, it costs no second check. Its stored signature here is one no check passes.
    [RedisFact]
    public async Task An_own_entry_whose_claim_was_answered_is_skipped_unchecked_when_read_back()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, prefix, secretKey) = (cluster.Hosts[0], cluster.KeyPrefix, cluster.Emulator.SecretKey);
        using var refused = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", "smooven.client.redis.entries.refused");
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var (before, own, after) = (new SignedDelivery(secretKey, "ntf_before"), new SignedDelivery(secretKey, "ntf_own"), new SignedDelivery(secretKey, "ntf_after"));

        await other.GetDatabase().StreamAddAsync(prefix + ":callbacks", [new("body", before.Body), new("signature", before.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "other")]);
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await backplane.ClaimAsync(new SmoovenVerifiedDelivery(own.Body, "t=1,v1=00", DeliveryCallback.Parse(own.Body)), CancellationToken.None));
        await other.GetDatabase().StreamAddAsync(prefix + ":callbacks", [new("body", after.Body), new("signature", after.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "other")]);
        await other.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + ":nudge"), "other");
        await host.Tracker.WaitAsync("ntf_after", new SendAndWaitOptions { Timeout = TimeSpan.FromDays(1) }).WaitAsync(Cluster.Patience);

        Assert.Empty(refused.GetMeasurementSnapshot());
    }

    [RedisFact]
    public async Task A_release_queued_behind_a_full_batch_of_completions_reaches_Redis_before_the_retry_claim()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, secretKey) = (cluster.Hosts[0], cluster.Emulator.SecretKey);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        var keys = host.Services.GetRequiredService<BackplaneKeys>();
        var others = Enumerable.Range(0, 69).Select(i => Verified(secretKey, $"ntf_other_{i}")).ToList();
        var first = Verified(secretKey, "ntf_retried");
        foreach (var delivery in others.Append(first))
        {
            Assert.Equal(SmoovenBackplaneClaim.Claimed, await backplane.ClaimAsync(delivery, CancellationToken.None));
        }

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        await PauseRedisAsync(admin); // the next batch stays in flight, and what follows queues behind it
        var inFlight = backplane.ClaimAsync(Verified(secretKey, "ntf_in_flight"), CancellationToken.None);
        foreach (var delivery in others)
        {
            await backplane.CompleteAsync(delivery, handled: true);
        }

        await backplane.CompleteAsync(first, handled: false); // the 70th completion: past one batch's 64
        var retry = backplane.ClaimAsync(new SmoovenVerifiedDelivery(first.Body, first.SignatureHeader, first.Callback), CancellationToken.None);

        Assert.Equal(SmoovenBackplaneClaim.Claimed, await inFlight.WaitAsync(Cluster.Patience));
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await retry.WaitAsync(Cluster.Patience));
        await backplane.ClaimAsync(Verified(secretKey, "ntf_after"), CancellationToken.None).WaitAsync(Cluster.Patience); // every batch before it has run
        Assert.Equal(keys.Origin, await admin.GetDatabase().StringGetAsync(keys.Delivery(first.Body.Span)));
        var elsewhere = cluster.Hosts[1].Services.GetRequiredService<ISmoovenWebhookBackplane>();
        Assert.Equal(SmoovenBackplaneClaim.Busy, await elsewhere.ClaimAsync(new SmoovenVerifiedDelivery(first.Body, first.SignatureHeader, first.Callback), CancellationToken.None));
    }

    [RedisFact]
    public async Task A_claim_given_up_while_queued_is_not_sent()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, secretKey) = (cluster.Hosts[0], cluster.Emulator.SecretKey);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        var keys = host.Services.GetRequiredService<BackplaneKeys>();
        var abandoned = Verified(secretKey, "ntf_abandoned");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        using var hungUp = new CancellationTokenSource();

        await PauseRedisAsync(admin);
        var inFlight = backplane.ClaimAsync(Verified(secretKey, "ntf_in_flight"), CancellationToken.None);
        var queued = backplane.ClaimAsync(abandoned, hungUp.Token);
        await hungUp.CancelAsync();

        Assert.Equal(SmoovenBackplaneClaim.Claimed, await inFlight.WaitAsync(Cluster.Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Cluster.Patience));
        Assert.False(await admin.GetDatabase().KeyExistsAsync(keys.Delivery(abandoned.Body.Span)));
        Assert.Single(await admin.GetDatabase().StreamRangeAsync(cluster.KeyPrefix + ":callbacks"));
    }

    [RedisFact]
    public async Task A_claim_queued_behind_more_than_a_batch_of_renewals_goes_in_the_next_batch()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, secretKey) = (cluster.Hosts[0], cluster.Emulator.SecretKey);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        var renewed = Enumerable.Range(0, 64).Select(i => Verified(secretKey, $"ntf_renewed_{i}")).ToList();
        var claimed = Verified(secretKey, "ntf_claimed");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");

        await PauseRedisAsync(admin); // the next batch stays in flight, and what follows queues behind it
        var inFlight = backplane.ClaimAsync(Verified(secretKey, "ntf_in_flight"), CancellationToken.None);
        foreach (var delivery in renewed)
        {
            await backplane.RenewAsync(delivery);
        }

        // The 65th renewal, past one batch's 64, is of the delivery claimed next: a claim held until
        // every renewal before it has run would find it handled.
        await backplane.RenewAsync(claimed);
        var claim = backplane.ClaimAsync(new SmoovenVerifiedDelivery(claimed.Body, claimed.SignatureHeader, claimed.Callback), CancellationToken.None);

        Assert.Equal(SmoovenBackplaneClaim.Claimed, await inFlight.WaitAsync(Cluster.Patience));
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await claim.WaitAsync(Cluster.Patience));
    }

    [RedisFact]
    public async Task Renewals_of_one_delivery_queued_together_cost_Redis_one_write_and_keep_it_a_window_and_a_second()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1, new SmoovenEmulatorOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        var (host, secretKey) = (cluster.Hosts[0], cluster.Emulator.SecretKey);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        var keys = host.Services.GetRequiredService<BackplaneKeys>();
        var window = host.Services.GetRequiredService<IOptionsMonitor<SmoovenWebhookOptions>>().CurrentValue.DuplicateWindow;
        var replayed = Verified(secretKey, "ntf_replayed");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = admin.GetServers()[0];
        await server.ConfigResetStatisticsAsync();

        await PauseRedisAsync(admin);
        var inFlight = backplane.ClaimAsync(Verified(secretKey, "ntf_in_flight"), CancellationToken.None);
        for (var i = 0; i < 1000; i++)
        {
            await backplane.RenewAsync(replayed);
        }

        var after = backplane.ClaimAsync(Verified(secretKey, "ntf_after"), CancellationToken.None);
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await inFlight.WaitAsync(Cluster.Patience));
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await after.WaitAsync(Cluster.Patience));

        // The in-flight batch, then one with the claim and the renewal; 1,000 renewals one by one take 17.
        Assert.InRange(ScriptRuns(await server.InfoAsync("commandstats")), 2, 3);
        var keptFor = await admin.GetDatabase().KeyTimeToLiveAsync(keys.Delivery(replayed.Body.Span));
        Assert.NotNull(keptFor);
        Assert.InRange(keptFor.Value, window + TimeSpan.FromMilliseconds(500), window + TimeSpan.FromSeconds(1));
    }

    // Redis answers nothing for a moment (it lifts the pause itself), so the batch sent meanwhile stays in flight.
    private static async Task PauseRedisAsync(ConnectionMultiplexer admin) => await admin.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "500", "ALL");

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
