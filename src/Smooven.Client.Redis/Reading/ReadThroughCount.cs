using Smooven.Client.Redis.Backplane;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// How many entries the stream had been given in all (Redis 7's <c>entries-added</c>) when its last
/// id was one the cursor has reached since: every one of them is at or below the cursor, read or
/// passed over. Trimming takes the oldest entries first, so a stream that lost every entry up to the
/// cursor, and no more entries than that in all, lost none this instance had not read
/// (<see cref="StreamGapCheck"/>).
/// </summary>
/// <remarks>
/// Why a count: a stream that starts after the cursor and lost entries was taken for a gap, so a quiet
/// stream whose entries, all read, were trimmed by the next append was reported after a reconnect
/// as callbacks that "may have been missed". Redis's <c>max-deleted-entry-id</c> cannot tell: only
/// <c>XDEL</c> sets it, not trimming (it stays <c>0-0</c> after <c>XTRIM</c>, Redis 7.0).
/// The count comes from the gap check's <c>XINFO</c>, and from one asked for before a turn's read
/// once the cursor has passed the last count, at most once a second: none on an idle stream, and
/// on a busy one no more than one round trip a second. Used on the reader's turns only, one at a time.
/// </remarks>
internal sealed class ReadThroughCount
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;
    private long _entriesAdded = -1;
    private RedisValue _lastId = RedisValue.Null;
    private long? _countedAt;

    // Redis 6 reports no count, and a Redis user without XINFO may not ask: then no more asking.
    private bool _off;

    public ReadThroughCount(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>How many entries are known to be at or below <paramref name="cursor"/>, or null when that is not known.</summary>
    public long? AtOrBelow(RedisValue cursor) =>
        _entriesAdded >= 0 && !StreamIds.IsAfter(_lastId, cursor) ? _entriesAdded : null;

    public void Note(StreamInfo info)
    {
        _entriesAdded = info.EntriesAdded;
        _lastId = info.LastGeneratedId;
        _off |= info.EntriesAdded < 0;
    }

    /// <summary>Forgets the count, when the stream is read again from its start.</summary>
    public void Forget()
    {
        _entriesAdded = -1;
        _lastId = RedisValue.Null;
    }

    /// <summary>
    /// Asks Redis for the count (<c>XINFO STREAM</c>) if the cursor has passed the last one and a second
    /// has gone by since the last ask; given up at shutdown rather than awaited, as the read is.
    /// </summary>
    public async Task CountIfDueAsync(IDatabase db, RedisKey stream, RedisValue cursor, CancellationToken cancellationToken)
    {
        if (_off
            || (!_lastId.IsNull && !StreamIds.IsAfter(cursor, _lastId))
            || (_countedAt is { } countedAt && _timeProvider.GetElapsedTime(countedAt) < Interval))
        {
            return;
        }

        _countedAt = _timeProvider.GetTimestamp();
        try
        {
            Note(await db.StreamInfoAsync(stream).WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("ERR no such key", StringComparison.Ordinal))
        {
            // Nothing added yet (or nothing left after Redis lost its data): none of it beyond the cursor.
            _entriesAdded = 0;
            _lastId = cursor;
        }
        catch (RedisServerException ex) when (StreamGapCheck.IsRefused(ex))
        {
            // The gap check says so (3019) when it is refused too.
            _off = true;
        }
    }
}
