using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The append and its nudge: a reader learns of another instance's callback from the nudge alone
/// (its poll never fires on a clock that stands still), whatever channel prefix the connection
/// adds; without the nudge, the poll alone; and a delivery recorded without a claim still reaches
/// the other instances.
/// </summary>
public class NudgeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task The_nudge_alone_ends_a_wait_on_another_instance_even_under_a_channel_prefix()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        var configuration = cluster.Redis + ",channelPrefix=tenant-a:";
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, configuration, cluster.KeyPrefix, clock);
        await using var b = await ScaleOutHost.StartAsync(cluster.Emulator, configuration, cluster.KeyPrefix, clock);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_nudged");

        var wait = a.Tracker.WaitAsync("ntf_nudged", new SendAndWaitOptions { Timeout = TimeSpan.FromHours(1) });
        using var answer = await delivery.PostAsync(b.CallbackUrl);
        var result = await wait.WaitAsync(Cluster.Patience);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    [RedisFact]
    public async Task An_instance_that_cannot_subscribe_to_the_nudge_still_reads_the_stream_by_polling()
    {
        // A Redis 7 ACL user gets no channel unless granted one (acl-pubsub-default resetchannels):
        // every SUBSCRIBE of this instance is refused, every read allowed.
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "no-channels", "on", "nopass", "~*", "+@all", "resetchannels");
        }

        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, cluster.Redis + ",user=no-channels,password=unused", cluster.KeyPrefix);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_polled");

        var wait = a.Tracker.WaitAsync("ntf_polled", new SendAndWaitOptions { Timeout = Cluster.Patience });
        using var answer = await delivery.PostAsync(cluster.Hosts[0].CallbackUrl);
        var result = await wait;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    [RedisFact]
    public async Task A_delivery_appended_without_a_claim_is_recorded_and_reaches_another_instance()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var signed = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_unclaimed");
        var delivery = new SmoovenVerifiedDelivery(signed.Body, signed.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(signed.Body));

        var wait = b.Tracker.WaitAsync("ntf_unclaimed", new SendAndWaitOptions { Timeout = Cluster.Patience });
        var recorded = await a.Services.GetRequiredService<ISmoovenWebhookBackplane>().AppendAsync(delivery, CancellationToken.None);
        var result = await wait;

        Assert.True(recorded);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }
}
