using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The endpoint's one round trip per delivery: claim its body hash, append it to the stream
/// (trimmed to the retention) and nudge the readers, atomically in one Lua script. As separate
/// commands it cost two awaited round trips, which bounded a closed loop's throughput.
/// </summary>
/// <remarks>
/// Sent through <see cref="IDatabaseAsync.ScriptEvaluateAsync(string, RedisKey[], RedisValue[], CommandFlags)"/>
/// with the text itself (no <c>LuaScript.Prepare</c>, whose parameter binding uses reflection):
/// StackExchange.Redis sends <c>EVALSHA</c> once the script is loaded (<see cref="LoadAsync"/>) and
/// falls back to <c>EVAL</c> after a <c>NOSCRIPT</c>, such as after a Redis restart. The keys are
/// the delivery key and the stream, which share a hash slot (<see cref="BackplaneKeys.Delivery"/>).
/// </remarks>
internal static class ClaimAndAppendScript
{
    /// <summary>The result when this instance claimed and recorded the delivery.</summary>
    public const int Claimed = 0;

    /// <summary>The result when the delivery was handled already.</summary>
    public const int Duplicate = 1;

    /// <summary>The result when another instance holds the claim.</summary>
    public const int Busy = 2;

    // KEYS: delivery key, stream. ARGV: origin, lease (ms), handled mark, trim id, body, signature,
    // nudge channel. A lease of this instance's own is one whose release was lost with the
    // connection (it claims a body once at a time): it is taken back rather than left to expire.
    public const string Text = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[3] then
          return 1
        end
        if holder and holder ~= ARGV[1] then
          return 2
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('XADD', KEYS[2], 'MINID', '~', ARGV[4], '*', 'origin', ARGV[1], 'body', ARGV[5], 'signature', ARGV[6])
        redis.call('PUBLISH', ARGV[7], ARGV[1])
        return 0
        """;

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
