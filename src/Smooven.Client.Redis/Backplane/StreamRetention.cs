using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// Where the retained stream starts (the oldest id to keep, and where a starting reader reads back
/// from), measured on Redis's clock inside a script.
/// </summary>
/// <remarks>
/// Why Redis's clock: the ids of the entries come from it (<c>XADD *</c>), and it is the one clock
/// every instance shares. Measured on an instance's own clock, one running an hour ahead trimmed
/// every callback the others still needed, and started reading after every id Redis would give for
/// the next hour, so it saw no callback from another instance (issue #14's clock-skew probe).
/// Asking inside the script that trims costs no round trip.
/// </remarks>
internal static class StreamRetention
{
    /// <summary>
    /// A Lua function for the start of a script: <c>oldest_retained(retention)</c>, the retention in
    /// milliseconds, gives the smallest id at Redis's time less the retention. <c>TIME</c> before a
    /// write is allowed since Redis 5, which replicates a script's effects rather than its text.
    /// </summary>
    public const string OldestRetainedFunction = """
        local function oldest_retained(retention)
          local now = redis.call('TIME')
          local ms = now[1] * 1000 + math.floor(now[2] / 1000) - tonumber(retention)
          if ms < 0 then ms = 0 end
          return string.format('%d-0', ms)
        end

        """;

    // KEYS: the stream, so that on a Redis Cluster the clock asked is that of the stream's node.
    // ARGV: the retention (ms).
    // A stream idle for longer than the retention (nothing trims it then) is read from its newest
    // entry: a reader never starts beyond the stream's last id, which after a reconnect is the sign
    // of a stream that started over (StreamGapCheck).
    private const string ReadBackStartText = OldestRetainedFunction + """
        local start = oldest_retained(ARGV[1])
        local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
        if newest and tonumber(string.match(newest[1], '^%d+')) < tonumber(string.match(start, '^%d+')) then
          return newest[1]
        end
        return start
        """;

    private const string TrimText = OldestRetainedFunction + "return redis.call('XTRIM', KEYS[1], 'MINID', '~', oldest_retained(ARGV[1]))";

    /// <summary>The retention as the scripts take it: whole milliseconds, rounded up.</summary>
    public static RedisValue Milliseconds(TimeSpan retention) => (long)Math.Ceiling(retention.TotalMilliseconds);

    /// <summary>
    /// Where a starting reader reads back from: the smallest id within <paramref name="retention"/>
    /// of Redis's time, or the newest entry when that is older.
    /// </summary>
    public static async Task<RedisValue> ReadBackStartAsync(IDatabaseAsync db, RedisKey stream, TimeSpan retention) =>
        (RedisValue)await db.ScriptEvaluateAsync(ReadBackStartText, [stream], [Milliseconds(retention)]).ConfigureAwait(false);

    /// <summary>Trims <paramref name="stream"/> to <paramref name="retention"/>, sent without waiting for the answer.</summary>
    public static void Trim(IDatabaseAsync db, RedisKey stream, TimeSpan retention) =>
        _ = db.ScriptEvaluateAsync(TrimText, [stream], [Milliseconds(retention)], CommandFlags.FireAndForget);
}
