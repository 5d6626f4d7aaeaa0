using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The writes that settle this instance's leases (a handled mark, a release) and failed with the
/// connection, waiting in <see cref="WriteQueue"/> for it to come back (or, when Redis refused them
/// while busy, loading or out of memory, or answered too late, for the next batch or the resend
/// <see cref="WriteBatcher"/> makes 5 s later): one per key, the latest
/// (a handled mark before a release). Guarded by <see cref="WriteQueue"/>'s lock.
/// </summary>
/// <remarks>
/// Both are sent without waiting for them, so a connection lost at the wrong moment took them with it
/// and left the lease alone in Redis: another instance then refused Smooven's retry as busy until
/// the lease expired (30 s, past the first retry), and ran the handlers of a delivery handled here a
/// second time after that. A claim whose batch failed (its reply lost, or later than the timeout)
/// may have run and taken its lease though its caller answered 503: it is released too. Sent again,
/// each does what it did: a mark is set anew, a release deletes only this instance's lease. A new
/// claim of the same delivery takes its waiting write along, into the batch that runs the write
/// first: the claim then finds the delivery handled, or takes a fresh lease that a release sent
/// later would take away while the claim is handled. Dropped instead, it was lost whenever that claim
/// did not run (refused while the connection was still down, or given up by its caller).
/// </remarks>
internal sealed class UnsettledLeases
{
    private readonly Dictionary<RedisKey, PendingCompletion> _waiting = [];

    // A batch failed while Redis was still there (busy, loading, late): no reconnect follows, so the
    // next batch Redis runs sends what that one left waiting.
    private bool _dueAfterNextRun;

    /// <summary>Whether writes wait for Redis to run a batch (it refused one while busy, loading or out of memory, or answered late).</summary>
    public bool IsDue => _dueAfterNextRun && _waiting.Count > 0;

    /// <summary>The release of the lease a failed claim may have taken.</summary>
    public static PendingCompletion ReleaseOf(PendingClaim claim) =>
        new(claim.Key, WriteBatchScript.Release, claim.Delivery.Callback, IsLostClaimRelease: true);

    /// <summary>
    /// Sets aside what a failed batch leaves unsettled: its completions wait, and the releases of the
    /// leases its claims may have taken are returned, to go with the next batch, before the claims'
    /// callers are answered, so before the claim of Smooven's retry.
    /// </summary>
    public List<PendingCompletion> SetAside(Batch batch, Exception failure)
    {
        // Refused for good (an ACL, a key of another type): Redis would refuse the settling too, and
        // no reconnect comes to send it, so kept it would pile up, a write per delivery, for as long
        // as the refusal lasts (3021 says so). A lease the batch took before the refusal expires.
        // Out of memory is a refusal too, but it passes once memory is freed: dropped, a handled mark
        // let a copy of its delivery be handled again once its lease expired. It waits instead. At most
        // one write per delivery waits: Redis refuses a script's first write that grows memory, so it
        // still runs a batch that starts with a release or a duplicate's new expiry, and the deliveries
        // such a batch claims are handled, each adding one mark.
        if (RedisRefusal.IsForGood(failure))
        {
            return [];
        }

        _dueAfterNextRun |= RedisRefusal.IsOutOfMemory(failure) || BatchReply.AnswersLater(failure);
        foreach (var completion in batch.Completions.Where(completion => !completion.IsRenewal))
        {
            Wait(completion);
        }

        return BatchReply.MayHaveRun(failure) ? [.. batch.Claims.Select(ReleaseOf)] : [];
    }

    /// <summary>Once Redis has run a batch: moves what a batch it refused while busy or loading, or answered late, left waiting.</summary>
    public void MoveDueTo(List<PendingCompletion> completions)
    {
        if (_dueAfterNextRun)
        {
            _dueAfterNextRun = false;
            MoveAllTo(completions);
        }
    }

    /// <summary>
    /// Keeps <paramref name="write"/> for its key, unless a handled mark waits there and this is a
    /// release: the mark replaces any lease, and a release that failed after it (of a claim that found
    /// the mark, or never ran) must not leave a handled delivery unmarked.
    /// </summary>
    private void Wait(PendingCompletion write)
    {
        if (write.Window != WriteBatchScript.Release || !_waiting.TryGetValue(write.Key, out var waiting) || waiting.Window == WriteBatchScript.Release)
        {
            _waiting[write.Key] = write with { IsResend = true };
        }
    }

    /// <summary>Moves the waiting write of each key in <paramref name="claims"/> to <paramref name="completions"/>.</summary>
    public void MoveClaimedTo(List<PendingClaim> claims, List<PendingCompletion> completions)
    {
        foreach (var claim in claims)
        {
            if (_waiting.Remove(claim.Key, out var write))
            {
                completions.Add(write);
            }
        }
    }

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
        _dueAfterNextRun = false; // else a later wait for the connection would be resent on the timer
        return true;
    }
}
