using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The releases of leases this instance may hold without knowing it, waiting in
/// <see cref="WriteBatcher"/> for the connection to come back: one per key. Guarded by the batcher's lock.
/// </summary>
/// <remarks>
/// A claim whose batch failed (its reply lost with the connection, or later than the timeout) may
/// still have run in Redis and taken its lease, though its caller answered 503. Nothing released
/// that lease, so another instance refused Smooven's retry as busy until it expired (30 s, past the
/// first retry). The batcher sends a release with its next batch; one that fails too waits here.
/// A new claim of the same delivery drops it: that claim's own completion settles the lease, which
/// the release would otherwise take away while the claim is handled.
/// </remarks>
internal sealed class UnsettledLeases
{
    private readonly Dictionary<RedisKey, PendingCompletion> _waiting = [];

    /// <summary>The release of the lease a failed claim may have taken.</summary>
    public static PendingCompletion ReleaseOf(PendingClaim claim) =>
        new(claim.Key, WriteBatchScript.Release, claim.Delivery.Callback, IsLostClaimRelease: true);

    public void Wait(PendingCompletion release) => _waiting[release.Key] = release;

    public void Drop(RedisKey key) => _waiting.Remove(key);

    /// <summary>Moves every waiting release to the end of <paramref name="completions"/>.</summary>
    /// <returns>Whether there was any.</returns>
    public bool MoveAllTo(List<PendingCompletion> completions)
    {
        if (_waiting.Count == 0)
        {
            return false;
        }

        completions.AddRange(_waiting.Values);
        _waiting.Clear();
        return true;
    }
}
