using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The endpoint's writes to Redis as one Lua script per batch (<see cref="WriteBatcher"/>): first
/// the completions (a handled mark kept for the duplicate window, or the release of this instance's
/// lease), then the claims (claim a body hash, append the delivery to the stream trimmed to the
/// retention; or, for a body hash found handled, restart its duplicate window), then one nudge to
/// the readers if anything was appended. Its answer tells where the batch's appends sit in the
/// stream, so that this instance's reader can pass over them unread
/// (<see cref="Reading.StreamCursor.PassOwn"/>).
/// </summary>
/// <remarks>
/// Sent through <see cref="IDatabaseAsync.ScriptEvaluateAsync(string, RedisKey[], RedisValue[], CommandFlags)"/>
/// with the text itself (no <c>LuaScript.Prepare</c>, whose parameter binding uses reflection):
/// StackExchange.Redis sends <c>EVALSHA</c> once the script is loaded (<see cref="LoadAsync"/>) and
/// falls back to <c>EVAL</c> after a <c>NOSCRIPT</c>, such as after a Redis restart. Every key is
/// the stream or a delivery key, which share its hash slot (<see cref="BackplaneKeys.Delivery"/>).
/// </remarks>
internal static class WriteBatchScript
{
    /// <summary>A claim's result when this instance claimed and recorded the delivery.</summary>
    public const int Claimed = 0;

    /// <summary>A claim's result when the delivery was handled already.</summary>
    public const int Duplicate = 1;

    /// <summary>A claim's result when another instance holds the claim.</summary>
    public const int Busy = 2;

    /// <summary>The window sent for a completion that releases the lease rather than mark the delivery handled.</summary>
    public static readonly RedisValue Release = 0;

    // KEYS: the stream, then a delivery key per completion, then one per claim.
    // ARGV: origin, lease (ms), handled mark, duplicate window (ms), retention (ms), nudge channel, number
    // of completions, then a window (ms, or 0 to release) per completion, then a body and a signature per claim.
    // Returns the id of the stream's newest entry before the batch's first append and that of its
    // last append (both '' when it appended nothing), then a result per claim.
    // Completions go first: a retry claimed in the same batch as its first attempt's release must
    // find the key free. A lease of this instance's own is one whose release was lost with the
    // connection (it claims a body once at a time): it is taken back rather than left to expire.
    // A claim that finds the handled mark restarts its window: the duplicate was validly signed, so it
    // can be replayed until its own signature expires (SmoovenWebhookOptionsValidator.LeavesReplayGap);
    // a window of 0, detection turned off, forgets the mark.
    // The first append trims the stream to the retention, on Redis's clock (StreamRetention); the
    // batch's others need not.
    public const string Text = StreamRetention.OldestRetainedFunction + """
        local origin, lease, handled, window, retention, nudge = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local completions = tonumber(ARGV[7])
        for i = 1, completions do
          local key, handled_for = KEYS[1 + i], ARGV[7 + i]
          if handled_for ~= '0' then
            redis.call('SET', key, handled, 'PX', handled_for)
          elseif redis.call('GET', key) == origin then
            redis.call('DEL', key)
          end
        end
        local results = {'', ''}
        local bodies = 7 + completions
        for i = 1, #KEYS - 1 - completions do
          local key = KEYS[1 + completions + i]
          local holder = redis.call('GET', key)
          if holder == handled then
            redis.call('PEXPIRE', key, window)
            results[2 + i] = 1
          elseif holder and holder ~= origin then
            results[2 + i] = 2
          else
            redis.call('SET', key, origin, 'PX', lease)
            local body, signature = ARGV[bodies + 2 * i - 1], ARGV[bodies + 2 * i]
            if results[2] == '' then
              local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
              results[1] = newest and newest[1] or '0-0'
              results[2] = redis.call('XADD', KEYS[1], 'MINID', '~', oldest_retained(retention), '*', 'origin', origin, 'body', body, 'signature', signature)
            else
              results[2] = redis.call('XADD', KEYS[1], '*', 'origin', origin, 'body', body, 'signature', signature)
            end
            results[2 + i] = 0
          end
        end
        if results[2] ~= '' then
          redis.call('PUBLISH', nudge, origin)
        end
        return results
        """;

    /// <summary>The keys and arguments of one batch, in the order <see cref="Text"/> reads them.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="header">Origin, lease (ms), handled mark, duplicate window (ms), retention (ms) and nudge channel.</param>
    /// <param name="completions">The completions, run first.</param>
    /// <param name="claims">The claims.</param>
    public static (RedisKey[] Keys, RedisValue[] Arguments) Arguments(
        RedisKey stream, ReadOnlySpan<RedisValue> header, List<PendingCompletion> completions, List<PendingClaim> claims)
    {
        var keys = new RedisKey[1 + completions.Count + claims.Count];
        var arguments = new RedisValue[header.Length + 1 + completions.Count + (2 * claims.Count)];
        keys[0] = stream;
        header.CopyTo(arguments);
        arguments[header.Length] = completions.Count;
        var windows = header.Length + 1;
        for (var i = 0; i < completions.Count; i++)
        {
            keys[1 + i] = completions[i].Key;
            arguments[windows + i] = completions[i].Window;
        }

        var bodies = windows + completions.Count;
        for (var i = 0; i < claims.Count; i++)
        {
            keys[1 + completions.Count + i] = claims[i].Key;
            arguments[bodies + (2 * i)] = claims[i].Delivery.Body;
            arguments[bodies + (2 * i) + 1] = claims[i].Delivery.SignatureHeader;
        }

        return (keys, arguments);
    }

    /// <summary>
    /// Loads the script on every primary the connection knows, so that it is sent by hash. Best
    /// effort: without it the script is sent whole, which works as well.
    /// </summary>
    public static async Task LoadAsync(IConnectionMultiplexer multiplexer)
    {
        foreach (var server in multiplexer.GetServers())
        {
            if (server.IsConnected && !server.IsReplica)
            {
                try
                {
                    await server.ScriptLoadAsync(Text).ConfigureAwait(false);
                }
                catch (Exception ex) when (RedisWebhookBackplane.IsUnreachable(ex))
                {
                    // Sent whole instead, until a reconnect loads it again.
                }
            }
        }
    }
}
