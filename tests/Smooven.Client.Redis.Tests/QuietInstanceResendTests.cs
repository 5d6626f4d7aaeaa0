using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// A handled mark that Redis refused while busy or out of memory went only with the instance's next
/// write. An instance that received no other callback sent none: the lease expired, and Smooven's retry
/// on another instance ran the handlers again. The mark is now sent again 5 s later, and every 5 s
/// while Redis refuses it, logged once.
/// </summary>
public class QuietInstanceResendTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int CompleteFailed = 3003;
    private static readonly TimeSpan ResendDelay = TimeSpan.FromSeconds(5);

    [RedisFact]
    public async Task A_handled_mark_refused_while_Redis_was_busy_is_sent_again_five_seconds_later_though_no_other_write_comes()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held, time) = (writes.Batcher, writes.Held, writes.Time);
        var handled = HeldWriteBatcher.Delivery("ntf_quiet_busy");

        batcher.Complete(writes.KeyOf(handled), handled, TimeSpan.FromMinutes(1));
        (await held.NextAsync()).Fail(new RedisServerException("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."));
        Assert.Equal(ResendDelay, await time.NextArmedAsync());
        time.Advance(ResendDelay - TimeSpan.FromMilliseconds(1));
        Assert.False(held.TryTake(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(held.TryTake(out var resent));
        await resent!.RunAsync();
        Assert.Equal([writes.KeyOf(handled)], resent.Keys.Where(key => key != writes.Keys.Stream));
        Assert.Equal("handled", await writes.Redis.StringGetAsync(writes.KeyOf(handled)));
    }

    [RedisFact]
    public async Task A_handled_mark_is_sent_again_every_five_seconds_while_Redis_is_out_of_memory_and_logged_once()
    {
        var logs = new CapturingLoggerProvider();
        await using var writes = await HeldWriteBatcher.StartAsync(redis, logs);
        var (batcher, held, time) = (writes.Batcher, writes.Held, writes.Time);
        var handled = HeldWriteBatcher.Delivery("ntf_quiet_oom");
        var outOfMemory = new RedisServerException("OOM command not allowed when used memory > 'maxmemory'.");

        batcher.Complete(writes.KeyOf(handled), handled, TimeSpan.FromMinutes(1));
        (await held.NextAsync()).Fail(outOfMemory);
        Assert.Equal(ResendDelay, await time.NextArmedAsync());
        time.Advance(ResendDelay);
        Assert.True(held.TryTake(out var firstResend));
        firstResend!.Fail(outOfMemory);
        Assert.Equal(ResendDelay, await time.NextArmedAsync());
        time.Advance(ResendDelay);
        Assert.True(held.TryTake(out var secondResend));
        await secondResend!.RunAsync();

        Assert.Equal("handled", await writes.Redis.StringGetAsync(writes.KeyOf(handled)));
        Assert.Single(logs.Records, record => record.EventId == CompleteFailed);
    }

    // Its first failure said it would be sent again; refused for good (an ACL changed meanwhile), it is
    // dropped, and the lease left to expire: that is said too, or a second run of the handlers after it
    // would have no explanation in the logs.
    [RedisFact]
    public async Task A_resend_that_Redis_refuses_for_good_is_logged_again_as_it_is_dropped()
    {
        var logs = new CapturingLoggerProvider();
        await using var writes = await HeldWriteBatcher.StartAsync(redis, logs);
        var (batcher, held, time) = (writes.Batcher, writes.Held, writes.Time);
        var handled = HeldWriteBatcher.Delivery("ntf_resend_refused");

        batcher.Complete(writes.KeyOf(handled), handled, TimeSpan.FromMinutes(1));
        (await held.NextAsync()).Fail(new RedisServerException("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."));
        Assert.Equal(ResendDelay, await time.NextArmedAsync());
        time.Advance(ResendDelay);
        Assert.True(held.TryTake(out var resend));
        resend!.Fail(new RedisServerException("NOPERM this user has no permissions to run the 'evalsha' command"));

        var dropped = await logs.WaitForAsync(record => record.EventId == CompleteFailed && record.Exception!.Message.StartsWith("NOPERM", StringComparison.Ordinal)).WaitAsync(Cluster.Patience);
        Assert.Equal(LogLevel.Warning, Assert.Single(dropped).Level);
        Assert.Equal(2, logs.Records.Count(record => record.EventId == CompleteFailed));
    }
}
