using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Reading;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// Sends the endpoint's claims and completions to Redis in batches: whatever arrives while one
/// <see cref="WriteBatchScript"/> call is in flight goes in the next one. Idle, a claim goes at once.
/// </summary>
/// <remarks>
/// Why batches: a script call per delivery held the endpoint to about a third of its throughput
/// without the backplane; grouped, a script run, a nudge and a reply are shared by a batch. One
/// batch is in flight at a time, so a completion always reaches Redis before a later claim: a
/// retry's claim cannot overtake the release of its first attempt's lease. Renewals mark deliveries
/// that are handled already, so no claim waits for them, and a replay flood of one delivery queues
/// one. Callers resume on the thread pool, once the next batch has been sent.
/// </remarks>
internal sealed class WriteBatcher : IDisposable
{
    // Writes that Redis refused while busy, loading or out of memory, or answered late, went only with
    // this instance's next batch: a quiet instance might send none before the lease expired and Smooven's
    // retry reached another instance, which then ran the handlers again. Sooner than Smooven's first
    // retry; seldom enough that a Redis out of memory for an hour gets one refused batch every 5 s.
    private static readonly TimeSpan ResendDelay = TimeSpan.FromSeconds(5);

    private readonly RedisConnection _connection;
    private readonly BackplaneKeys _keys;
    private readonly StreamCursor _cursor;
    private readonly OwnAppendsInDoubt _inDoubt;
    private readonly ILogger _logger;
    private readonly WriteQueue _queue = new();
    private readonly ITimer _resend;

    public WriteBatcher(RedisConnection connection, BackplaneKeys keys, StreamCursor cursor, OwnAppendsInDoubt inDoubt, TimeProvider timeProvider, ILogger logger)
    {
        _connection = connection;
        _keys = keys;
        _cursor = cursor;
        _inDoubt = inDoubt;
        _logger = logger;
        _resend = timeProvider.CreateTimer(static state => ((WriteBatcher)state!).SendDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        connection.Restored += SendUnsettledReleases;
    }

    /// <summary>The lease a claim takes, in milliseconds.</summary>
    public required RedisValue LeaseMilliseconds { get; init; }

    /// <summary>What a handled delivery's key holds.</summary>
    public required RedisValue HandledMark { get; init; }

    /// <summary>
    /// The duplicate window, in milliseconds, when a batch is sent: a claim that finds its delivery
    /// handled restarts the handled mark's expiry with it.
    /// </summary>
    public required Func<RedisValue> WindowMilliseconds { get; init; }

    /// <summary>How long the stream keeps entries, in milliseconds, when a batch is sent.</summary>
    public required Func<RedisValue> RetentionMilliseconds { get; init; }

    /// <summary>
    /// Claims <paramref name="key"/> and, if this instance gets it, appends the delivery to the
    /// stream. Answers one of <see cref="WriteBatchScript"/>'s results once its batch has run. A
    /// claim whose caller has given up by the time its batch is taken is cancelled, not sent: it
    /// would take a lease and append an entry for a delivery Smooven will send again.
    /// </summary>
    public Task<int> ClaimAsync(RedisKey key, SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken)
    {
        var claim = new PendingClaim(key, delivery, cancellationToken);
        Enqueue(claim, null);
        return claim.Result.Task;
    }

    /// <summary>
    /// Marks <paramref name="key"/> handled for <paramref name="handledFor"/>, or releases this
    /// instance's lease on it when that is null. Not awaited: should it be lost with the connection,
    /// it is sent again once the connection is back (<see cref="UnsettledLeases"/>); should this
    /// instance stop first, the lease expires and Smooven's retry is handled again (at least once).
    /// </summary>
    public void Complete(RedisKey key, SmoovenVerifiedDelivery delivery, TimeSpan? handledFor)
    {
        var window = handledFor is { } span ? Milliseconds(span) : WriteBatchScript.Release;
        Enqueue(null, new PendingCompletion(key, window, delivery.Callback));
    }

    /// <summary>
    /// Marks <paramref name="key"/>, which this instance remembers as handled, handled again for
    /// <paramref name="keptFor"/>, replacing a renewal of it still waiting. Not awaited: should it be
    /// lost, the mark expires a window after another instance last saw the delivery.
    /// </summary>
    public void Renew(RedisKey key, SmoovenVerifiedDelivery delivery, TimeSpan keptFor) =>
        Enqueue(null, new PendingCompletion(key, Milliseconds(keptFor), delivery.Callback, IsRenewal: true));

    /// <summary>A window as the script takes it: whole milliseconds, rounded up.</summary>
    public static RedisValue Milliseconds(TimeSpan window) => (long)Math.Ceiling(window.TotalMilliseconds);

    private void Enqueue(PendingClaim? claim, PendingCompletion? completion)
    {
        if (_queue.Add(claim, completion))
        {
            _ = SendAllAsync();
        }
    }

    // The connection is back: the releases that could not be sent before go now.
    private void SendUnsettledReleases()
    {
        if (_queue.Restored())
        {
            _ = SendAllAsync();
        }
    }

    /// <summary>Stops the resend timer and the sends at a restoration; writes still waiting then are lost with this instance, and their leases expire.</summary>
    public void Dispose()
    {
        _connection.Restored -= SendUnsettledReleases;
        _resend.Dispose();
    }

    // The resend timer fired (ResendDelay).
    private void SendDue()
    {
        if (_queue.SendDue())
        {
            _ = SendAllAsync();
        }
    }

    // The next batch goes out as soon as the previous one's reply is in, before that one's callers
    // are answered: Redis gets the batches in the order they were taken. A failed batch's writes are
    // set aside before the next is taken, so that a claim queued meanwhile takes them along rather
    // than have them sent after it (UnsettledLeases).
    private async Task SendAllAsync()
    {
        var batch = TakeBatch();
        while (batch is not null)
        {
            await ((Task)batch.Reply).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (batch.Reply.Exception?.InnerException is { } failure)
            {
                SettleLater(batch, failure);
            }
            else
            {
                _queue.RetryUnsettledIfDue();
            }

            var next = TakeBatch();
            Answer(batch);
            batch = next;
        }
    }

    // Takes what is queued (WriteQueue) and sends it, or, with nothing queued, returns null.
    private Batch? TakeBatch()
    {
        while (_queue.TryTake(out var claims, out var completions, out var restorations))
        {
            foreach (var abandoned in claims.Where(claim => claim.CancellationToken.IsCancellationRequested))
            {
                abandoned.Result.TrySetCanceled(abandoned.CancellationToken);
            }

            claims.RemoveAll(claim => claim.CancellationToken.IsCancellationRequested);
            if (claims.Count > 0 || completions.Count > 0)
            {
                var readFrom = _cursor.Position; // taken before Send, so nothing the batch appends comes before it
                return new Batch(claims, completions, Send(claims, completions), restorations, readFrom);
            }
        }

        return null;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The batch's claims get the exception.")]
    private Task<RedisResult> Send(List<PendingClaim> claims, List<PendingCompletion> completions)
    {
        try
        {
            var (keys, arguments) = WriteBatchScript.Arguments(
                _keys.Stream,
                [_keys.Origin, LeaseMilliseconds, HandledMark, WindowMilliseconds(), RetentionMilliseconds(), _connection.ChannelPrefix + _keys.NudgeName],
                completions,
                claims);

            // Callers waited for the connection before they queued their writes.
            return _connection.WhenReady.Result.GetDatabase().ScriptEvaluateAsync(WriteBatchScript.Text, keys, arguments);
        }
        catch (Exception ex)
        {
            return Task.FromException<RedisResult>(ex);
        }
    }

    // Every claim gets an answer; a failed batch's leases are settled later (UnsettledLeases).
    private void Answer(Batch batch)
    {
        if (BatchReply.TryAnswer(batch, _cursor) is { } failure)
        {
            // A failed reply was settled when it came; one that came but could not be read is settled now.
            if (!batch.Reply.IsFaulted)
            {
                SettleLater(batch, failure);
            }

            BatchReply.Fail(batch, failure, _inDoubt, _logger);
        }
    }

    // A failed batch may have run all the same: what it leaves unsettled is set aside (UnsettledLeases).
    private void SettleLater(Batch batch, Exception failure)
    {
        var send = _queue.SetAside(batch, failure, out var resendLater);
        if (resendLater)
        {
            try
            {
                _resend.Change(ResendDelay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Stopping (a system timer on .NET 8 throws once disposed): the leases expire on their own.
            }
        }

        if (send)
        {
            _ = SendAllAsync();
        }
    }
}
