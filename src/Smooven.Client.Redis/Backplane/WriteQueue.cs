namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The writes waiting for <see cref="WriteBatcher"/> to send them, and the order they go in: which
/// are taken into the next batch, what a failed batch leaves to settle (<see cref="UnsettledLeases"/>),
/// and whether a sender runs. Every method that answers true hands the caller the job of starting one.
/// </summary>
/// <remarks>
/// Claims wait until every completion queued before them is taken: a retry's claim must not reach
/// Redis before the release of its first attempt's lease, which would then delete it. A write still
/// waiting for the connection goes with the next claim of its key, run before it. Renewals only ride
/// along, run with the completions: a flood of them must not hold claims back.
/// </remarks>
internal sealed class WriteQueue
{
    // Bounds how long one script holds Redis, which runs nothing else meanwhile.
    private const int MaxBatch = 64;

    private readonly object _gate = new();
    private readonly PendingRenewals _renewals = new();
    private readonly UnsettledLeases _unsettled = new();
    private List<PendingClaim> _claims = [];
    private List<PendingCompletion> _completions = [];
    private bool _sending;
    private int _restorations; // of the connection, so that a batch that failed knows whether one came since

    /// <summary>Queues a claim, or a completion when <paramref name="claim"/> is null.</summary>
    /// <returns>Whether no sender runs: the caller starts one.</returns>
    public bool Add(PendingClaim? claim, PendingCompletion? completion)
    {
        lock (_gate)
        {
            if (claim is not null)
            {
                _claims.Add(claim);
            }
            else if (completion!.Value.IsRenewal)
            {
                _renewals.Add(completion.Value);
            }
            else
            {
                _completions.Add(completion.Value);
            }

            return StartSending();
        }
    }

    /// <summary>The connection is back: the releases that could not be sent before go now.</summary>
    /// <returns>Whether they wait and no sender runs: the caller starts one.</returns>
    public bool Restored()
    {
        lock (_gate)
        {
            _restorations++;
            return _unsettled.MoveAllTo(_completions) && StartSending();
        }
    }

    /// <summary>
    /// Redis ran a batch after refusing one while busy or loading, or answering it too late: what that
    /// one left unsettled goes with the next batch.
    /// </summary>
    public void RetryUnsettledIfDue()
    {
        lock (_gate)
        {
            _unsettled.MoveDueTo(_completions);
        }
    }

    /// <summary>
    /// The resend timer fired: what a batch refused while Redis was busy, loading or out of memory, or
    /// answered late, left unsettled goes now, though no other write came to take it along.
    /// </summary>
    /// <returns>Whether writes wait and no sender runs: the caller starts one.</returns>
    public bool SendDue()
    {
        lock (_gate)
        {
            _unsettled.MoveDueTo(_completions);
            return _completions.Count > 0 && StartSending();
        }
    }

    /// <summary>Takes the writes of the next batch, or, with nothing queued, lets the next write start a sender.</summary>
    /// <param name="claims">The claims taken.</param>
    /// <param name="completions">The completions taken, run before the claims.</param>
    /// <param name="restorations">How many times the connection had been restored when they were taken.</param>
    /// <returns>False when nothing was queued: the sender stops.</returns>
    public bool TryTake(out List<PendingClaim> claims, out List<PendingCompletion> completions, out int restorations)
    {
        lock (_gate)
        {
            restorations = _restorations;
            completions = Take(ref _completions);
            claims = _completions.Count == 0 ? Take(ref _claims) : [];
            _unsettled.MoveClaimedTo(claims, completions);
            _renewals.MoveOldestTo(completions, MaxBatch);
            if (claims.Count == 0 && completions.Count == 0)
            {
                _sending = false;
                return false;
            }

            return true;
        }
    }

    /// <summary>
    /// Sets aside what a failed batch leaves unsettled (<see cref="UnsettledLeases"/>). The connection
    /// may have been restored before the failure got here (the reply is awaited on the thread pool):
    /// what is set aside then goes now, not at a restoration that has come already.
    /// </summary>
    /// <param name="batch">The batch that failed.</param>
    /// <param name="failure">How it failed.</param>
    /// <param name="resendLater">Set when writes wait for Redis to run a batch, not for a reconnect (<see cref="SendDue"/>).</param>
    /// <returns>Whether writes wait and no sender runs: the caller starts one.</returns>
    public bool SetAside(Batch batch, Exception failure, out bool resendLater)
    {
        lock (_gate)
        {
            _completions.AddRange(_unsettled.SetAside(batch, failure));
            if (_restorations != batch.Restorations)
            {
                _unsettled.MoveAllTo(_completions);
            }

            resendLater = _unsettled.IsDue;
            return _completions.Count > 0 && StartSending();
        }
    }

    // Under the lock.
    private bool StartSending()
    {
        if (_sending)
        {
            return false;
        }

        _sending = true;
        return true;
    }

    private static List<T> Take<T>(ref List<T> queued)
    {
        if (queued.Count <= MaxBatch)
        {
            var all = queued;
            queued = [];
            return all;
        }

        var first = queued.GetRange(0, MaxBatch);
        queued.RemoveRange(0, MaxBatch);
        return first;
    }
}
