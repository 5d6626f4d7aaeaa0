using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Which waiting writes the resend timer may send: those Redis refused while it was there (busy,
/// loading, out of memory, late), never those waiting for the connection to come back.
/// </summary>
public class WriteQueueResendTests
{
    private static readonly RedisServerException Busy = new("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    private static readonly RedisConnectionException Down = new(ConnectionFailureType.SocketFailure, "The connection was lost.");

    // A restoration sent what waited for Redis; the connection then dropped again. The write now waits
    // for the next restoration: resent on the timer, it would only fail again while the connection is down.
    [Fact]
    public void A_write_that_waits_for_a_reconnect_is_not_left_to_the_resend_timer_after_an_earlier_wait_for_Redis()
    {
        var queue = new WriteQueue();
        var mark = new PendingCompletion("smooven:delivery:stale", 60_000, HeldWriteBatcher.Delivery("ntf_stale_due").Callback);

        queue.Add(claim: null, mark);
        queue.SetAside(Failed(Take(queue), Busy), Busy, out var resendAfterBusy);
        Assert.False(queue.TryTake(out _, out _, out _)); // the sender stops; the mark waits
        Assert.True(queue.Restored());
        queue.SetAside(Failed(Take(queue), Down), Down, out var resendAfterDown);

        Assert.True(resendAfterBusy);
        Assert.False(resendAfterDown);
    }

    private static (List<PendingClaim> Claims, List<PendingCompletion> Completions, int Restorations) Take(WriteQueue queue)
    {
        Assert.True(queue.TryTake(out var claims, out var completions, out var restorations));
        return (claims, completions, restorations);
    }

    private static Batch Failed((List<PendingClaim> Claims, List<PendingCompletion> Completions, int Restorations) taken, Exception failure) =>
        new(taken.Claims, taken.Completions, Task.FromException<RedisResult>(failure), taken.Restorations, RedisValue.Null);
}
