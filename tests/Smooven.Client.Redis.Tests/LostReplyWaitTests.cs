using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// A wait on the instance whose claim ran in Redis (its lease taken, the callback appended to the
/// stream) though its reply was lost or late: the instance answered Smooven 503 and published nothing
/// itself, and its reader skipped its own entries, so the wait ended only once Smooven's retry, 5 s
/// later at best, was handled, or timed out when no retry came, while every other instance's wait
/// ended at once. No retry comes in these tests: the wait ends all the same, from the stream.
/// </summary>
public class LostReplyWaitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_wait_on_the_instance_whose_claim_reply_was_lost_with_the_connection_ends_without_a_retry()
    {
        await using var proxy = new RedisFaultProxy(redis);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, proxy.Configuration, cluster.KeyPrefix);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_wait_reply_lost");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var appended = await NudgedAsync(admin, cluster.KeyPrefix);
        var wait = a.Tracker.WaitAsync("ntf_wait_reply_lost", new SendAndWaitOptions { Timeout = Cluster.Patience });

        proxy.LoseReplies();
        var first = delivery.PostAsync(a.CallbackUrl);
        await appended.WaitAsync(Cluster.Patience); // the claim ran: the delivery is in the stream
        proxy.CutConnections();
        using var refused = await first.WaitAsync(Cluster.Patience);
        var result = await wait.WaitAsync(Cluster.Patience);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(0, a.Handler.Calls);
    }

    // The claim's script waits in Redis past the timeout and runs after it: the reader, whose reads
    // follow it on the connection, finds the entry then. The reader runs no handler, and Smooven's retry
    // later, handled on this instance, runs them once and adds nothing to the history.
    [RedisFact]
    public async Task A_wait_on_the_instance_whose_claim_reply_came_after_the_timeout_ends_without_a_retry()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, redis.Configuration + ",asyncTimeout=500", cluster.KeyPrefix);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_wait_reply_late");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var wait = a.Tracker.WaitAsync("ntf_wait_reply_late", new SendAndWaitOptions { Timeout = Cluster.Patience });

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "60000", "WRITE");
        using var refused = await delivery.PostAsync(a.CallbackUrl).WaitAsync(Cluster.Patience);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "UNPAUSE");
        var result = await wait.WaitAsync(Cluster.Patience);
        var handlerCallsBeforeTheRetry = a.Handler.Calls;
        using var retried = await delivery.PostAsync(a.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(0, handlerCallsBeforeTheRetry);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, a.Handler.Calls);
        Assert.Single(a.Tracker.GetStatus("ntf_wait_reply_late")!.Callbacks);
    }

    // The claim's failure reached the batcher only after the reader had read past its entry (the reply
    // is awaited on the thread pool, and a reconnect or a later reply may come first): the reader had
    // skipped the entry as its own, and would never read it again. The instance runs on a fake clock, so
    // the reader's poll never fires: it reads when nudged, or told that entries are in doubt.
    [RedisFact]
    public async Task A_wait_ends_when_the_reader_had_passed_the_entry_before_the_claim_failed()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        await using var real = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var held = new HeldScriptsMultiplexer(real, only: WriteBatchScript.Text);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await ScaleOutHost.StartAsync(cluster.Emulator, redis.Configuration, cluster.KeyPrefix, clock, services =>
            services.Configure<SmoovenRedisOptions>(options =>
            {
                options.Configuration = null;
                options.ConnectionMultiplexerFactory = () => Task.FromResult(held.Multiplexer);
            }));
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_wait_passed_before_failure");
        var later = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_from_another_instance");
        var wait = a.Tracker.WaitAsync("ntf_wait_passed_before_failure", new SendAndWaitOptions { Timeout = TimeSpan.FromDays(1) });

        var first = delivery.PostAsync(a.CallbackUrl);
        var claim = await held.NextAsync();
        await claim.RunUnansweredAsync(); // appended; the reply is still on its way
        await AppendFromAnotherInstanceAsync(real, cluster.KeyPrefix, later);
        await a.Tracker.WaitAsync("ntf_from_another_instance", new SendAndWaitOptions { Timeout = TimeSpan.FromDays(1) }).WaitAsync(Cluster.Patience); // read past the entry
        claim.Fail(new RedisTimeoutException("late", CommandStatus.Sent));
        using var refused = await first.WaitAsync(Cluster.Patience);
        var result = await wait.WaitAsync(Cluster.Patience);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(0, a.Handler.Calls);
    }

    // Completes when a delivery is appended (its nudge).
    private static async Task<Task> NudgedAsync(ConnectionMultiplexer admin, string keyPrefix)
    {
        var nudged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await admin.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keyPrefix + ":nudge"), (_, _) => nudged.TrySetResult());
        return nudged.Task;
    }

    private static async Task AppendFromAnotherInstanceAsync(ConnectionMultiplexer redis, string keyPrefix, SignedDelivery delivery)
    {
        var db = redis.GetDatabase();
        await db.StreamAddAsync(keyPrefix + ":callbacks", [new("body", delivery.Body), new("signature", delivery.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "other")]);
        await db.PublishAsync(RedisChannel.Literal(keyPrefix + ":nudge"), "other");
    }
}
