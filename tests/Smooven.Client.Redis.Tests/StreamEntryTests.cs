using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Entries that reach the stream without going through an endpoint, as from someone who can write
/// to Redis: only one whose stored header is a valid signature of its stored body under the
/// Smooven key reaches the tracker, however old it is.
/// </summary>
public class StreamEntryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RefusedMetric = "smooven.client.redis.entries.refused";

    [RedisFact]
    public async Task An_entry_with_a_wrong_signature_is_refused_logged_and_counted()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        var host = cluster.Hosts[0];
        using var refused = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RefusedMetric);
        var forged = new SignedDelivery("sk_test_not_the_smooven_key", "ntf_forged");

        await WriteEntryAsync(cluster.KeyPrefix, forged.Body, forged.HeaderAt(DateTimeOffset.UtcNow));
        await refused.WaitForMeasurementsAsync(1).WaitAsync(Cluster.Patience);
        var result = await host.Tracker.WaitAsync("ntf_forged", new SendAndWaitOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        Assert.Equal(1, refused.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
    }

    [RedisFact]
    public async Task An_entry_signed_with_the_key_a_day_ago_reaches_the_tracker()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        var host = cluster.Hosts[0];
        using var refused = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RefusedMetric);
        var genuine = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_old_but_genuine");

        await WriteEntryAsync(cluster.KeyPrefix, genuine.Body, genuine.HeaderAt(DateTimeOffset.UtcNow.AddDays(-1)));
        var result = await host.Tracker.WaitAsync("ntf_old_but_genuine", new SendAndWaitOptions { Timeout = Cluster.Patience });

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Empty(refused.GetMeasurementSnapshot());
    }

    [RedisFact]
    public async Task An_entry_after_one_whose_id_is_beyond_a_signed_64_bit_number_still_reaches_the_tracker()
    {
        // Redis ids are two unsigned 64-bit numbers: whoever can write to Redis can add 9223372036854775808-0.
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        var host = cluster.Hosts[0];
        var intruder = new SignedDelivery("sk_test_not_the_smooven_key", "ntf_far_future");
        var genuine = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_after_the_far_future");

        await WriteEntryAsync(cluster.KeyPrefix, intruder.Body, intruder.HeaderAt(DateTimeOffset.UtcNow), "9223372036854775808-0");
        await WriteEntryAsync(cluster.KeyPrefix, genuine.Body, genuine.HeaderAt(DateTimeOffset.UtcNow));
        var result = await host.Tracker.WaitAsync("ntf_after_the_far_future", new SendAndWaitOptions { Timeout = Cluster.Patience });

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    private async Task WriteEntryAsync(string keyPrefix, byte[] body, string header, RedisValue? id = null)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        await db.StreamAddAsync(keyPrefix + ":callbacks", [new("body", body), new("signature", header), new("origin", "intruder")], id);
        await db.PublishAsync(RedisChannel.Literal(keyPrefix + ":nudge"), string.Empty);
    }
}
