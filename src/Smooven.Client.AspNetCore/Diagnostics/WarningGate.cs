namespace Smooven.Client.AspNetCore.Diagnostics;

/// <summary>
/// Lets one refusal of a kind a minute be logged at Warning, the rest at Debug, and counts the
/// quiet ones for the next warning. Anyone on the network can send a request the webhook refuses
/// before it knows the sender, so a warning for each would let a flood of junk flood the logs too;
/// the webhook metrics still count every refusal.
/// </summary>
internal sealed class WarningGate
{
    /// <summary>The shortest time between two warnings of one kind.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private long? _warnedAt;
    private long _quiet;

    public WarningGate(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Whether this occurrence is logged at Warning.</summary>
    /// <param name="quietSinceLastWarning">When it is, how many of the kind went to Debug since the last warning.</param>
    public bool ShouldWarn(out long quietSinceLastWarning)
    {
        var now = _timeProvider.GetTimestamp();
        lock (_gate)
        {
            if (_warnedAt is { } last && _timeProvider.GetElapsedTime(last, now) < Interval)
            {
                _quiet++;
                quietSinceLastWarning = 0;
                return false;
            }

            _warnedAt = now;
            quietSinceLastWarning = _quiet;
            _quiet = 0;
            return true;
        }
    }
}
