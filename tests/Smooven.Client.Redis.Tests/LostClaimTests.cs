using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// A claim ran in Redis but its reply was lost or late, so the instance answered 503: Smooven's retry,
/// 5 s later and maybe on another instance, is not refused as busy for the rest of the 30 s lease.
/// </summary>
public class LostClaimTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RestoredMetric = "smooven.client.redis.connection.restorations";

    [RedisFact]
    public async Task A_claim_whose_reply_was_lost_with_the_connection_leaves_no_lease_once_the_connection_is_back()
    {
        await using var proxy = new RedisFaultProxy(redis);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, proxy.Configuration, cluster.KeyPrefix);
        var b = await cluster.AddHostAsync();
        using var aRestored = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_reply_lost");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var (appended, released) = await WatchAsync(admin, cluster.KeyPrefix, a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body));

        proxy.LoseReplies();
        var first = delivery.PostAsync(a.CallbackUrl);
        await appended.WaitAsync(Cluster.Patience); // the claim ran: its lease is taken, the delivery in the stream
        proxy.CutConnections();
        using var refused = await first.WaitAsync(Cluster.Patience);
        await aRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience); // interactive and subscription
        await released.WaitAsync(Cluster.Patience);
        using var retried = await delivery.PostAsync(b.CallbackUrl); // Smooven's retry, on another instance

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(0, a.Handler.Calls);
        Assert.Equal(1, b.Handler.Calls);
    }

    // Smooven's retry reached the same instance while it still could not reach Redis: that claim was
    // refused before it was sent, yet it dropped the waiting release, so the first claim's lease stayed.
    [RedisFact]
    public async Task A_claim_refused_while_the_connection_is_down_keeps_the_waiting_release_of_the_lost_claim()
    {
        await using var proxy = new RedisFaultProxy(redis);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, proxy.Configuration, cluster.KeyPrefix);
        var b = await cluster.AddHostAsync();
        using var aRestored = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_retried_while_down");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var (appended, released) = await WatchAsync(admin, cluster.KeyPrefix, a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body));

        proxy.LoseReplies();
        var first = delivery.PostAsync(a.CallbackUrl);
        await appended.WaitAsync(Cluster.Patience);
        proxy.RefuseConnections();
        proxy.CutConnections();
        using var refused = await first.WaitAsync(Cluster.Patience);
        using var retriedWhileDown = await delivery.PostAsync(a.CallbackUrl);
        proxy.AcceptConnections();
        await aRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience);
        await released.WaitAsync(Cluster.Patience);
        using var retried = await delivery.PostAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, retriedWhileDown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(0, a.Handler.Calls);
        Assert.Equal(1, b.Handler.Calls);
    }

    [RedisFact]
    public async Task A_claim_whose_reply_came_after_the_timeout_leaves_no_lease()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, redis.Configuration + ",asyncTimeout=500", cluster.KeyPrefix);
        var b = await cluster.AddHostAsync();
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_reply_late");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var (appended, released) = await WatchAsync(admin, cluster.KeyPrefix, a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body));

        // Redis holds every write (the claim's script among them) until told otherwise: the claim times out.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "60000", "WRITE");
        using var refused = await delivery.PostAsync(a.CallbackUrl).WaitAsync(Cluster.Patience);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "UNPAUSE");
        await appended.WaitAsync(Cluster.Patience); // the claim ran after all
        await released.WaitAsync(Cluster.Patience);
        using var retried = await delivery.PostAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(0, a.Handler.Calls);
        Assert.Equal(1, b.Handler.Calls);
    }

    // Completes the first task when a delivery is appended (its nudge), the second when the delivery's
    // key is deleted, as a release does (an expired lease is not a deletion).
    private static async Task<(Task Appended, Task Released)> WatchAsync(ConnectionMultiplexer admin, string keyPrefix, RedisKey deliveryKey)
    {
        var appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "notify-keyspace-events", "K$g");
        var subscriber = admin.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(keyPrefix + ":nudge"), (_, _) => appended.TrySetResult());
        await subscriber.SubscribeAsync(RedisChannel.Literal("__keyspace@0__:" + deliveryKey.ToString()), (_, operation) =>
        {
            if (operation == "del")
            {
                released.TrySetResult();
            }
        });
        return (appended.Task, released.Task);
    }
}
