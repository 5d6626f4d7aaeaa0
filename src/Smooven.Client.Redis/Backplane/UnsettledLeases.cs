using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The writes that settle this instance's leases (a handled mark, a release) and failed with the
/// connection, waiting in <see cref="WriteBatcher"/> for it to come back: one per key, the latest.
/// Guarded by the batcher's lock.
/// </summary>
/// <remarks>
/// Both are sent without waiting for them, so a connection lost at the wrong moment took them with it
/// and left the lease alone in Redis: another instance then refused Smooven's retry as busy until
/// the lease expired (30 s, past the first retry), and ran the handlers of a delivery handled here a
/// second time after that. A claim whose batch failed (its reply lost, or later than the timeout)
/// may have run and taken its lease though its caller answered 503: it is released too. Sent again,
/// each does what it did: a mark is set anew, a release deletes only this instance's lease. A new
/// claim of the same delivery drops its waiting write: that claim's own completion settles the lease,
/// which a release would otherwise take away while the claim is handled.
/// </remarks>
internal sealed class UnsettledLeases
{
    private readonly Dictionary<RedisKey, PendingCompletion> _waiting = [];

    /// <summary>The release of the lease a failed claim may have taken.</summary>
    public static PendingCompletion ReleaseOf(PendingClaim claim) =>
        new(claim.Key, WriteBatchScript.Release, claim.Delivery.Callback, IsLostClaimRelease: true);

    public void Wait(PendingCompletion write) => _waiting[write.Key] = write;

    public void Drop(RedisKey key) => _waiting.Remove(key);

    /// <summary>Moves every waiting write to the end of <paramref name="completions"/>.</summary>
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
