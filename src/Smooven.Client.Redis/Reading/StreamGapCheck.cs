using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// What became of the stream while the reader could not read: asked for after a failed read (on
/// the reader's loop) and after a restored connection (on Redis's thread), run on the reader's next
/// successful turn. A stream trimmed past the cursor is a gap, logged as a warning and counted; a
/// stream gone, or started over below the cursor, is to be read from its start.
/// </summary>
/// <remarks>
/// Trimmed past the cursor means that an entry after the cursor was trimmed, which the stream's first
/// entry alone cannot tell: one after the cursor may be the very next one, with only entries this
/// instance had read trimmed before it. How many entries were at or below the cursor tells
/// (<see cref="ReadThroughCount"/>).
/// </remarks>
internal sealed class StreamGapCheck
{
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private readonly RedisMetrics _metrics;
    private readonly ReadThroughCount _count;
    private bool _due;

    // The cursor the last gap was reported at, on the reader's turns only. While the reader cannot read
    // (a refused XREAD), every turn asks for the check again: the same gap was reported at every poll.
    private string? _reportedAt;

    public StreamGapCheck(ILogger logger, RedisMetrics metrics, TimeProvider timeProvider)
    {
        _logger = logger;
        _metrics = metrics;
        _count = new ReadThroughCount(timeProvider);
    }

    public void Request()
    {
        lock (_gate)
        {
            _due = true;
        }
    }

    /// <summary>Counts the stream's entries, before a turn's read, when due (<see cref="ReadThroughCount"/>).</summary>
    public Task CountIfDueAsync(IDatabase db, RedisKey stream, RedisValue cursor, CancellationToken cancellationToken) =>
        _count.CountIfDueAsync(db, stream, cursor, cancellationToken);

    /// <summary>Runs the check if one was asked for.</summary>
    /// <returns>
    /// True when the stream is gone or started over below <paramref name="cursor"/>: the reader must
    /// read it from its start, or it would pass over every entry Redis numbers below the cursor.
    /// </returns>
    public async Task<bool> RunIfDueAsync(IDatabase db, RedisKey stream, RedisValue cursor)
    {
        lock (_gate)
        {
            if (!_due)
            {
                return false;
            }

            _due = false;
        }

        try
        {
            return await RunAsync(db, stream, cursor).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsRefused(ex))
        {
            // Thrown on, it failed every turn after a reconnect, as it would again and again: the
            // reader never read another entry. Skipped until the next reconnect asks for it.
            RedisLog.GapCheckRefused(_logger, ex);
            return false;
        }
    }

    // Refused for good: an ACL without the command (NOPERM), or a command renamed away, as some
    // managed services do. Any other error (LOADING, while Redis reads its data back after a
    // restart) fails the turn, and the check is run again at the next one.
    internal static bool IsRefused(RedisServerException ex) =>
        ex.Message.StartsWith("NOPERM", StringComparison.Ordinal) || ex.Message.StartsWith("ERR unknown command", StringComparison.Ordinal);

    // Trimming removes the oldest entries first: a stream that starts after the cursor lost every
    // entry up to it, and lost one after it if it lost more entries than there were up to it.
    private async Task<bool> RunAsync(IDatabase db, RedisKey stream, RedisValue cursor)
    {
        // Redis lost its data (a restart without persistence): whatever is added from now on is new.
        if (!await db.KeyExistsAsync(stream).ConfigureAwait(false))
        {
            _count.Forget();
            return true;
        }

        // A stream never numbers an entry below its last id, so it started over: Redis came back
        // from an older copy (a replica that lagged) or on a clock behind the one that numbered
        // what this instance read.
        var info = await db.StreamInfoAsync(stream).ConfigureAwait(false);
        if (StreamIds.IsAfter(cursor, info.LastGeneratedId))
        {
            RedisLog.StreamStartedOver(_logger, cursor.ToString(), info.LastGeneratedId.ToString());
            _count.Forget();
            return true;
        }

        var start = info.Length == 0 ? info.LastGeneratedId : info.FirstEntry.Id;
        if (StreamIds.IsAfter(start, cursor) && LostUnread(info, cursor) && _reportedAt != cursor.ToString())
        {
            _reportedAt = cursor.ToString();
            RedisLog.Gap(_logger, cursor.ToString(), start.ToString());
            _metrics.Gap();
        }

        _count.Note(info);
        return false;
    }

    // Asked of a stream that starts after the cursor, so it lost every entry up to the cursor.
    private bool LostUnread(StreamInfo info, RedisValue cursor)
    {
        // An empty one lost its last entry too, which is after the cursor. Redis 6 counts no entries
        // added (-1): any of those trimmed may have been one this instance had not read.
        if (info.Length == 0 || info.EntriesAdded < 0)
        {
            return true;
        }

        // The same stream lost at least the counted entries. Fewer means it started over above the
        // cursor (Redis lost its data and other instances wrote it anew), and the count is the old
        // stream's: whatever the new one lost came after the cursor. Without a count up to the cursor
        // (none was taken since the cursor moved past the last), any trimmed entry may have been one
        // this instance had not read: the warning says "may".
        var trimmed = info.EntriesAdded - info.Length;
        return _count.AtOrBelow(cursor) is { } atOrBelow && trimmed >= atOrBelow
            ? trimmed > atOrBelow
            : trimmed > 0;
    }
}
