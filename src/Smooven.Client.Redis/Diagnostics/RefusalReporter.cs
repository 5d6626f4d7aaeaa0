using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Backplane;

namespace Smooven.Client.Redis.Diagnostics;

/// <summary>
/// Counts every read or write that Redis refuses (<see cref="RedisRefusal"/>), for alerts, and tells
/// a run of them once, as an error naming the fix: at every poll or for every callback, the log would
/// drown what it says, and the per-callback warnings alone said only that Smooven would retry, which
/// meets the same refusal until the callback is lost. A read or write that succeeds ends the run.
/// </summary>
internal sealed class RefusalReporter(ILogger logger, RedisMetrics metrics, BackplaneKeys keys, string keyPrefix, RedisRefusalSide side)
{
    private readonly object _gate = new();
    private bool _told;

    public void Succeeded()
    {
        lock (_gate)
        {
            _told = false;
        }
    }

    /// <summary>
    /// Counts <paramref name="failure"/> if Redis refused it, and logs it if no refusal was told since
    /// the last success. Returns whether it logged it.
    /// </summary>
    public bool Failed(Exception failure)
    {
        if (!RedisRefusal.Is(failure))
        {
            return false;
        }

        metrics.Refused(side);
        bool tell;
        lock (_gate)
        {
            tell = !_told;
            _told = true;
        }

        if (!tell)
        {
            return false;
        }

        var cause = RedisRefusal.Explain(failure, side, keyPrefix);
        if (side == RedisRefusalSide.Reader)
        {
            RedisLog.ReadRefused(logger, keys.Stream.ToString(), cause, failure);
        }
        else
        {
            RedisLog.WriteRefused(logger, keys.Stream.ToString(), cause, failure);
        }

        return true;
    }
}
