using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The duplicate window is cluster-wide: a retried delivery reaches the handlers once whichever
/// instance it lands on, and one that lands while another instance is handling it is not lost.
/// Each duplicate restarts the window in Redis, as Redis's clock counts it.
/// </summary>
public class DuplicateDeliveryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_retry_that_reaches_a_second_instance_after_the_first_handled_it_is_a_duplicate()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_retried");

        using var first = await delivery.PostAsync(a.CallbackUrl);
        using var retry = await delivery.PostUntilAnsweredAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((1, 0), (a.Handler.Calls, b.Handler.Calls));
    }

    [RedisFact]
    public async Task An_identical_delivery_while_another_instance_handles_it_gets_503_and_its_retry_is_a_duplicate()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_raced");
        a.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = delivery.PostAsync(a.CallbackUrl);
        await a.Handler.Entered.Task.WaitAsync(Cluster.Patience);
        using var meanwhile = await delivery.PostAsync(b.CallbackUrl);
        a.Handler.Gate.SetResult();
        using var firstAnswer = await first;
        using var retry = await delivery.PostUntilAnsweredAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, meanwhile.StatusCode);
        Assert.NotNull(meanwhile.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((1, 0), (a.Handler.Calls, b.Handler.Calls));
    }

    [RedisFact]
    public async Task A_delivery_whose_handler_failed_on_one_instance_is_handled_by_its_retry_on_another()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_failed_handler");
        a.Handler.Failure = new InvalidOperationException("The database is down.");

        using var first = await delivery.PostAsync(a.CallbackUrl);
        // A's release is not awaited: until it reaches Redis, B finds A's lease and answers 503, which Smooven retries.
        using var retry = await delivery.PostUntilAnsweredAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((1, 1), (a.Handler.Calls, b.Handler.Calls));
    }

    [RedisFact]
    public async Task A_duplicate_seen_late_keeps_the_handled_mark_for_a_full_window_from_then()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_seen_late");
        var key = a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body);
        var window = new SmoovenWebhookOptions().DuplicateWindow;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = admin.GetDatabase();

        using var first = await delivery.PostAsync(a.CallbackUrl);
        Assert.Equal(SmoovenBackplaneClaim.Duplicate, await ClaimBehindCompletionsAsync(a, delivery));
        Assert.True(await db.KeyExpireAsync(key, TimeSpan.FromSeconds(1))); // as if its window were all but over
        using var retry = await delivery.PostAsync(b.CallbackUrl); // Smooven's retry, signed anew, seen late

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal((1, 0), (a.Handler.Calls, b.Handler.Calls));
        Assert.Equal("handled", await db.StringGetAsync(key));
        var left = (long)await db.ExecuteAsync("PTTL", key);
        Assert.InRange(left, (long)(window - Cluster.Patience).TotalMilliseconds, (long)window.TotalMilliseconds);
    }

    [RedisFact]
    public async Task A_duplicate_recognised_by_the_instance_that_handled_it_keeps_the_handled_mark_for_a_full_window_from_then()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        var a = cluster.Hosts[0];
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_seen_late_here");
        var key = a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body);
        var window = new SmoovenWebhookOptions().DuplicateWindow;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = admin.GetDatabase();

        using var first = await delivery.PostAsync(a.CallbackUrl);
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await ClaimBehindCompletionsAsync(a, new SignedDelivery(cluster.Emulator.SecretKey, "ntf_barrier_1")));
        Assert.True(await db.KeyExpireAsync(key, TimeSpan.FromSeconds(1))); // as if its window were all but over
        using var retry = await delivery.PostAsync(a.CallbackUrl); // a duplicate from a's own memory: no claim in Redis
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await ClaimBehindCompletionsAsync(a, new SignedDelivery(cluster.Emulator.SecretKey, "ntf_barrier_2")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(1, a.Handler.Calls);
        Assert.Equal("handled", await db.StringGetAsync(key));
        var left = (long)await db.ExecuteAsync("PTTL", key);

        // A window and the renewal interval: the copies a sees before it may renew again restart their window without a write.
        Assert.InRange(left, (long)(window - Cluster.Patience).TotalMilliseconds, (long)(window + TimeSpan.FromSeconds(1)).TotalMilliseconds);
    }

    [RedisFact]
    public async Task A_delivery_whose_handler_failed_is_released_not_marked_handled_and_its_retry_is_handled()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_released");
        var key = a.Services.GetRequiredService<BackplaneKeys>().Delivery(delivery.Body);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        a.Handler.Failure = new InvalidOperationException("The database is down.");

        using var first = await delivery.PostAsync(a.CallbackUrl);
        a.Handler.Failure = null;
        Assert.Equal(SmoovenBackplaneClaim.Claimed, await ClaimBehindCompletionsAsync(a, new SignedDelivery(cluster.Emulator.SecretKey, "ntf_barrier")));
        Assert.False(await admin.GetDatabase().KeyExistsAsync(key)); // released: neither handled nor held
        using var retry = await delivery.PostAsync(b.CallbackUrl);
        using var late = await delivery.PostUntilAnsweredAsync(a.CallbackUrl); // a forgot its failed attempt; b's mark answers

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (retry.StatusCode, late.StatusCode));
        Assert.Equal((1, 1), (a.Handler.Calls, b.Handler.Calls));
    }

    // A claim on the host's own backplane reaches Redis after every completion the host queued before
    // it (the host queues a delivery's completion before it answers), and no earlier than a renewal
    // queued before it while fewer than a batch's 64 wait, so once it is answered those are in Redis.
    private static Task<SmoovenBackplaneClaim> ClaimBehindCompletionsAsync(ScaleOutHost host, SignedDelivery delivery)
    {
        var verified = new SmoovenVerifiedDelivery(delivery.Body, delivery.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(delivery.Body));
        return host.Services.GetRequiredService<ISmoovenWebhookBackplane>().ClaimAsync(verified, CancellationToken.None).WaitAsync(Cluster.Patience);
    }
}
