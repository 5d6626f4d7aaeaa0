using System.Threading.RateLimiting;

namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// At most N notifications per recipient in a sliding window, one partition per user id.
/// System.Threading.RateLimiting times its windows with the system's tick count and takes no
/// <see cref="TimeProvider"/>, so this guardrail alone follows the real clock, also in tests.
/// </summary>
internal sealed class RecipientRateLimiter : IDisposable
{
    private const int MaxSegments = 12;

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _segment;

    public RecipientRateLimiter(int permitLimit, TimeSpan window)
    {
        // Twelve segments make a 1 h window slide in 5 min steps; a short window gets one segment per second.
        var segments = (int)Math.Clamp(window.TotalSeconds, 1, MaxSegments);
        _segment = window / segments;
        _limiter = PartitionedRateLimiter.Create<string, string>(
            userId => RateLimitPartition.GetSlidingWindowLimiter(userId, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permitLimit,
                Window = window,
                SegmentsPerWindow = segments,
                QueueLimit = 0,
            }),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Takes one permit for the user; when none is left, returns how long until one may be.</summary>
    public TimeSpan? TryTake(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : _segment;
    }

    public void Dispose() => _limiter.Dispose();
}
