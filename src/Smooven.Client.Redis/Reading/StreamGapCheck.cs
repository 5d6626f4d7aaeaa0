using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// Whether the stream was trimmed past the reader's cursor while the reader could not read: asked
/// for after a failed read (on the reader's loop) and after a restored connection (on Redis's
/// thread), run on the reader's next successful turn, logged as a warning and counted.
/// </summary>
internal sealed class StreamGapCheck
{
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private readonly RedisMetrics _metrics;
    private bool _due;

    public StreamGapCheck(ILogger logger, RedisMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
    }

    public void Request()
    {
        lock (_gate)
        {
            _due = true;
        }
    }

    // Trimming removes the oldest entries first. An empty stream lost everything up to its last
    // id; a non-empty one that lost entries and starts after the cursor may have lost some this
    // instance never read (or only ones it read, when the stream was idle for the whole retention:
    // the warning says "may").
    public async Task RunIfDueAsync(IDatabase db, RedisKey stream, RedisValue cursor)
    {
        lock (_gate)
        {
            if (!_due)
            {
                return;
            }

            _due = false;
        }

        if (!await db.KeyExistsAsync(stream).ConfigureAwait(false))
        {
            return;
        }

        var info = await db.StreamInfoAsync(stream).ConfigureAwait(false);
        var start = info.Length == 0 ? info.LastGeneratedId : info.FirstEntry.Id;
        if (StreamIds.IsAfter(start, cursor) && (info.Length == 0 || info.EntriesAdded > info.Length))
        {
            RedisLog.Gap(_logger, cursor.ToString(), start.ToString());
            _metrics.Gap();
        }
    }
}
