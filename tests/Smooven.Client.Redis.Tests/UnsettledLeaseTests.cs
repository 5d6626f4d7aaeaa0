using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// A write that takes or settles an instance's lease on a delivery is lost or late: a claim that ran
/// in Redis though its reply did not come back in time (the instance answered 503, so Smooven
/// retries), or a handled mark lost with the connection after the handlers ran. Smooven's retry, 5 s
/// later, may land on another instance, which must neither refuse it as busy for the rest of the
/// lease (30 s, past the first retry) nor, once the lease expired, run the handlers a second time.
/// </summary>
public class UnsettledLeaseTests(RedisServer redis) : IClassFixture<RedisServer>
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

    // The handled mark is sent without waiting for it, after the handlers ran: lost with the connection,
    // it left the lease alone in Redis, so another instance refused Smooven's retry as busy, and once
    // the lease expired ran its handlers a second time.
    [RedisFact]
    public async Task A_handled_mark_lost_with_the_connection_is_set_once_the_connection_is_back()
    {
        await using var proxy = new RedisFaultProxy(redis);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, proxy.Configuration, cluster.KeyPrefix);
        var b = await cluster.AddHostAsync();
        using var aRestored = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_mark_lost");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        a.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = delivery.PostAsync(a.CallbackUrl);
        await a.Handler.Entered.Task.WaitAsync(Cluster.Patience); // claimed and recorded
        var marked = await WatchSetAsync(admin, a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body));
        proxy.LoseCommands();
        a.Handler.Gate.SetResult();
        using var handled = await first.WaitAsync(Cluster.Patience); // answered before its mark reaches Redis
        proxy.CutConnections();
        await aRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience);
        await marked.WaitAsync(Cluster.Patience);
        using var retried = await delivery.PostAsync(b.CallbackUrl); // a retry: A's answer came too late for Smooven

        Assert.Equal(HttpStatusCode.OK, handled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, a.Handler.Calls);
        Assert.Equal(0, b.Handler.Calls);
        Assert.Equal("handled", await admin.GetDatabase().StringGetAsync(a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body)));
    }

    // Redis refused the handled mark (BUSY: a long script ran; LOADING after a restart is alike) with the
    // connection up: the mark waited for a reconnect that never came, and the lease stayed in Redis.
    [RedisFact]
    public async Task A_handled_mark_refused_while_Redis_was_busy_is_set_with_a_later_write()
    {
        var logs = new CapturingLoggerProvider();
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, redis.Configuration, cluster.KeyPrefix, configure: services => services.AddSingleton<ILoggerProvider>(logs));
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_mark_refused");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        await using var scripting = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var threshold = (await admin.GetServers()[0].ConfigGetAsync("busy-reply-threshold"))[0].Value;
        await admin.GetServers()[0].ConfigSetAsync("busy-reply-threshold", "100");
        a.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var first = delivery.PostAsync(a.CallbackUrl);
            await a.Handler.Entered.Task.WaitAsync(Cluster.Patience); // claimed and recorded
            var marked = await WatchSetAsync(admin, a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body));
            var busy = scripting.GetDatabase().ScriptEvaluateAsync("while true do end");
            await Assert.ThrowsAsync<RedisServerException>(() => admin.GetDatabase().StringGetAsync("any")); // answered BUSY
            a.Handler.Gate.SetResult();
            using var handled = await first.WaitAsync(Cluster.Patience);
            await logs.WaitForAsync(record => record.EventId == 3003).WaitAsync(Cluster.Patience); // the mark refused
            await admin.GetServers()[0].ExecuteAsync("SCRIPT", "KILL");
            await Assert.ThrowsAsync<RedisServerException>(() => busy);
            using var next = await new SignedDelivery(cluster.Emulator.SecretKey, "ntf_after_busy").PostAsync(a.CallbackUrl);
            await marked.WaitAsync(Cluster.Patience);

            Assert.Equal(HttpStatusCode.OK, handled.StatusCode);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal("handled", await admin.GetDatabase().StringGetAsync(a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body)));
        }
        finally
        {
            await admin.GetServers()[0].ConfigSetAsync("busy-reply-threshold", threshold);
        }
    }

    // A lost claim's release was in flight, answered too late, when Smooven's retry claimed the delivery
    // again on this instance. The release was set aside only after the retry's claim had been sent, so
    // it went after it and deleted the lease the retry held while its handlers ran: another instance
    // could then claim Smooven's next retry and run the handlers at the same time.
    // The connection came back before the failure of a batch it took down reached the batcher (the
    // reply is awaited on the thread pool): the mark was set aside for a restoration that had come
    // already, and waited for the next one, which a quiet instance might not see for hours.
    [RedisFact]
    public async Task A_handled_mark_whose_failure_is_seen_after_the_connection_is_back_goes_at_once()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held) = (writes.Batcher, writes.Held);
        using var restored = new MetricCollector<long>(writes.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        var delivery = HeldWriteBatcher.Delivery("ntf_mark_after_restore");
        var key = writes.KeyOf(delivery);

        batcher.Complete(key, delivery, TimeSpan.FromMinutes(1));
        var mark = await held.NextAsync();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        }

        await restored.WaitForMeasurementsAsync(1).WaitAsync(Cluster.Patience); // no subscription here: one connection
        mark.Fail(new RedisConnectionException(ConnectionFailureType.SocketFailure, "lost with the connection", null, CommandStatus.Sent));
        var again = await held.NextAsync();
        await again.RunAsync();

        Assert.Contains(key, again.Keys);
        Assert.Equal("handled", await writes.Redis.StringGetAsync(key));
    }

    // During a failover the old primary answers READONLY until StackExchange.Redis finds the new one:
    // that passes. Taken for a refusal for good, the handled mark was dropped, and a copy of the
    // delivery after its lease expired ran the handlers again on another instance.
    [RedisFact]
    public async Task A_handled_mark_refused_as_READONLY_during_a_failover_is_set_once_Redis_runs_a_batch_again()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held) = (writes.Batcher, writes.Held);
        var handled = HeldWriteBatcher.Delivery("ntf_readonly_mark");
        var next = HeldWriteBatcher.Delivery("ntf_after_failover");

        batcher.Complete(writes.KeyOf(handled), handled, TimeSpan.FromMinutes(1));
        (await held.NextAsync()).Fail(new RedisServerException("READONLY You can't write against a read only replica."));
        var claim = batcher.ClaimAsync(writes.KeyOf(next), next, CancellationToken.None);
        await (await held.NextAsync()).RunAsync(); // the new primary runs the next batch
        Assert.Equal(WriteBatchScript.Claimed, await claim);
        var again = await held.NextAsync();
        await again.RunAsync();

        Assert.Contains(writes.KeyOf(handled), again.Keys);
        Assert.Equal("handled", await writes.Redis.StringGetAsync(writes.KeyOf(handled)));
    }

    // Redis refuses the writes for good (an ACL without XADD): nothing is sent again to settle them,
    // nor kept for later, which piled up a write per delivery for as long as the refusal lasted.
    [RedisFact]
    public async Task Writes_that_Redis_refused_for_good_are_neither_resent_nor_kept_for_later()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held) = (writes.Batcher, writes.Held);
        var refused = new RedisServerException("NOPERM User may not run the 'xadd' command");
        var handled = HeldWriteBatcher.Delivery("ntf_refused_mark");
        var claimed = HeldWriteBatcher.Delivery("ntf_refused_claim");

        batcher.Complete(writes.KeyOf(handled), handled, TimeSpan.FromMinutes(1));
        (await held.NextAsync()).Fail(refused); // the mark
        var claim = batcher.ClaimAsync(writes.KeyOf(claimed), claimed, CancellationToken.None);
        (await held.NextAsync()).Fail(refused);
        await Assert.ThrowsAsync<RedisServerException>(() => claim);
        Assert.False(held.TryTake(out _)); // no release of the refused claim

        // The next claim of the handled delivery goes alone: no mark was kept to go with it.
        var again = batcher.ClaimAsync(writes.KeyOf(handled), handled, CancellationToken.None);
        var next = await held.NextAsync();
        await next.RunAsync();
        await again;
        Assert.Equal([writes.KeyOf(handled)], next.Keys.Where(key => key != writes.Keys.Stream));
    }

    [RedisFact]
    public async Task A_release_that_failed_while_a_new_claim_waited_goes_before_that_claim_not_after_it()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held) = (writes.Batcher, writes.Held);
        var delivery = HeldWriteBatcher.Delivery("ntf_release_in_flight");
        var key = writes.KeyOf(delivery);
        var late = new RedisTimeoutException("late", CommandStatus.Sent);

        var first = batcher.ClaimAsync(key, delivery, CancellationToken.None);
        await (await held.NextAsync()).RunAndFailAsync(late); // the claim ran, its reply came too late
        await Assert.ThrowsAsync<RedisTimeoutException>(() => first);
        var release = await held.NextAsync();
        var retry = batcher.ClaimAsync(key, delivery, CancellationToken.None); // queued behind the release
        release.Fail(late);
        await (await held.NextAsync()).RunAsync();
        Assert.Equal(WriteBatchScript.Claimed, await retry);
        while (held.TryTake(out var after))
        {
            await after!.RunAsync();
        }

        Assert.Equal(writes.Keys.Origin, await writes.Redis.StringGetAsync(key)); // the retry's lease, while its handlers run
    }

    // A handled mark waited for the connection; a duplicate's claim took it along and failed too (its
    // reply late, so its release was queued), and so did that release, which then replaced the mark:
    // only the release was sent again, and the delivery, handled, was never marked so.
    [RedisFact]
    public async Task A_waiting_handled_mark_is_not_replaced_by_a_release_that_failed_after_it()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held) = (writes.Batcher, writes.Held);
        var delivery = HeldWriteBatcher.Delivery("ntf_mark_then_release");
        var key = writes.KeyOf(delivery);
        var late = new RedisTimeoutException("late", CommandStatus.Sent);

        var claim = batcher.ClaimAsync(key, delivery, CancellationToken.None);
        await (await held.NextAsync()).RunAsync();
        Assert.Equal(WriteBatchScript.Claimed, await claim);
        batcher.Complete(key, delivery, TimeSpan.FromMinutes(1));
        (await held.NextAsync()).Fail(late); // the mark
        var duplicate = batcher.ClaimAsync(key, delivery, CancellationToken.None);
        (await held.NextAsync()).Fail(late); // the mark again, and the duplicate's claim
        await Assert.ThrowsAsync<RedisTimeoutException>(() => duplicate);
        (await held.NextAsync()).Fail(late); // the duplicate's release

        // Redis runs a batch again: what waited goes with the next one.
        var other = HeldWriteBatcher.Delivery("ntf_next");
        var next = batcher.ClaimAsync(writes.KeyOf(other), other, CancellationToken.None);
        await (await held.NextAsync()).RunAsync();
        await next;
        while (held.TryTake(out var after))
        {
            await after!.RunAsync();
        }

        Assert.Equal("handled", await writes.Redis.StringGetAsync(key));
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

    // Completes when the delivery's key is set (SET), as a handled mark is.
    private static async Task<Task> WatchSetAsync(ConnectionMultiplexer admin, RedisKey deliveryKey)
    {
        var set = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "notify-keyspace-events", "K$g");
        await admin.GetSubscriber().SubscribeAsync(RedisChannel.Literal("__keyspace@0__:" + deliveryKey.ToString()), (_, operation) =>
        {
            if (operation == "set")
            {
                set.TrySetResult();
            }
        });
        return set.Task;
    }
}
