using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Diagnostics;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// Tells a run of writes that Redis refuses (<see cref="RedisRefusal"/>) once, as an error naming
/// the fix: the per-callback warnings alone said only that Smooven would retry, which meets the
/// same refusal until the callback is lost. A write that succeeds ends the run.
/// </summary>
internal sealed class WriteRefusals(ILogger logger, BackplaneKeys keys, string keyPrefix)
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

    /// <summary>Logs <paramref name="failure"/> if Redis refused the write and no refusal was told since the last success.</summary>
    public void Failed(Exception failure)
    {
        if (!RedisRefusal.Is(failure))
        {
            return;
        }

        bool tell;
        lock (_gate)
        {
            tell = !_told;
            _told = true;
        }

        if (tell)
        {
            RedisLog.WriteRefused(logger, keys.Stream.ToString(), RedisRefusal.Explain(failure, RedisRefusalSide.Writer, keyPrefix), failure);
        }
    }
}
