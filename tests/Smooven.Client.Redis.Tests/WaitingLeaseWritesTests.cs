using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Lease writes that failed wait to go with a later batch: a release before the claim that waits behind
/// it, a handled mark not replaced by a later release, and nothing kept that Redis refused for good.
/// </summary>
public class WaitingLeaseWritesTests(RedisServer redis) : IClassFixture<RedisServer>
{
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

    // A lost claim's release was in flight, answered too late, when Smooven's retry claimed the delivery
    // again on this instance. The release was set aside only after the retry's claim had been sent, so
    // it went after it and deleted the lease the retry held while its handlers ran: another instance
    // could then claim Smooven's next retry and run the handlers at the same time.
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
}
