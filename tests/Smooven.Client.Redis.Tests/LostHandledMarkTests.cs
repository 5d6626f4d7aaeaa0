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
/// The handled mark, sent after the handlers ran, is lost or refused on its way and is set later all the
/// same, so a copy of the delivery after the lease expired does not run the handlers a second time.
/// </summary>
public class LostHandledMarkTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RestoredMetric = "smooven.client.redis.connection.restorations";

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
