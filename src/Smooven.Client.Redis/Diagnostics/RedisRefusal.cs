using StackExchange.Redis;

namespace Smooven.Client.Redis.Diagnostics;

/// <summary>Which side of the backplane Redis refused: what it needs is what the explanation names.</summary>
internal enum RedisRefusalSide
{
    /// <summary>The reader of the callback stream.</summary>
    Reader,

    /// <summary>The webhook endpoint's claims and appends.</summary>
    Writer,
}

/// <summary>
/// An error Redis answers that retrying will not get past: an ACL user without a command, the key
/// or the channel (NOPERM), a stream key that holds something else (WRONGTYPE), a command renamed
/// away. Unlike a connection problem, which the connection logs itself and which passes, it lasts
/// until someone changes Redis: a refused read stops this instance from receiving any callback
/// another instance records; a refused write answers every callback 503 until Smooven gives up on it.
/// </summary>
internal static class RedisRefusal
{
    // What Redis answers while it loads its data, fails over or runs a long script: these pass on their own.
    // READONLY comes from a primary turned replica, until StackExchange.Redis finds the new primary.
    private static readonly string[] PassingErrors = ["LOADING ", "BUSY ", "MASTERDOWN ", "TRYAGAIN ", "CLUSTERDOWN ", "READONLY "];

    public static bool Is(Exception exception) =>
        exception is RedisServerException server && !PassingErrors.Any(code => server.Message.StartsWith(code, StringComparison.Ordinal));

    /// <summary>A refusal that lasts until someone changes Redis's ACL or keys: what it refused is dropped, not kept for later.</summary>
    public static bool IsForGood(Exception exception) => Is(exception) && !IsOutOfMemory(exception);

    /// <summary>
    /// Redis is out of memory under the <c>noeviction</c> policy: a refusal until an operator frees
    /// memory, which then passes. A script refused so wrote nothing: Redis refuses only its first
    /// write, and only one that grows memory (a script that starts with <c>DEL</c> runs whole).
    /// </summary>
    public static bool IsOutOfMemory(Exception exception) =>
        exception is RedisServerException server && server.Message.StartsWith("OOM ", StringComparison.Ordinal);

    /// <summary>The cause and the fix, for the log.</summary>
    public static string Explain(Exception exception, RedisRefusalSide side, string keyPrefix)
    {
        var message = exception.Message;

        // Inside a script (the read-back at start, every write), Redis 7 answers a command, key or channel the ACL denies with ERR.
        if (message.StartsWith("NOPERM", StringComparison.Ordinal) || message.Contains("The user executing the script can't", StringComparison.Ordinal))
        {
            return side == RedisRefusalSide.Reader
                ? $"the Redis user may not run a command the reader needs, or not on this key. Its ACL needs the keys ~{keyPrefix}:* and the commands +xread, +eval, +xrevrange and +time (and those the package README lists for writing)."
                : $"the Redis user may not run a command the webhook's writes need, or not on this key or channel. Its ACL needs the keys ~{keyPrefix}:*, the channel &{keyPrefix}:nudge and the commands +eval, +evalsha, +get, +set, +del, +pexpire, +xadd, +xrevrange, +xtrim, +time and +publish (and those the package README lists for reading).";
        }

        if (IsOutOfMemory(exception))
        {
            return "Redis has reached its maxmemory under the noeviction policy and refuses writes that need memory. Free memory or raise maxmemory; the handled marks refused meanwhile are sent again every 5 s until Redis takes them.";
        }

        if (message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            return "the key holds a value that is not a stream: something else writes to it, such as another app with the same key prefix. Give this app a SmoovenRedisOptions.KeyPrefix of its own (the same on every instance), or delete the key if nothing uses it.";
        }

        return "Redis answered with an error (in the exception) that retrying does not get past; the package README lists the commands and keys the backplane needs.";
    }
}
