namespace Smooven.Client.Testing.Notify;

/// <summary>
/// What the notify endpoint has accepted: the sequence numbers it gives out, and the answer kept for
/// each Idempotency-Key, so that of two requests sent at once with one key only one is accepted.
/// Thread-safe. Its lock is held only over its own fields: the scenario selector (the user's code)
/// runs between <see cref="TakeSequenceNumber"/> and <see cref="TryAccept"/>, and the clock is read
/// once per request, before any of this (a FakeTimeProvider runs the timers a read brings due).
/// </summary>
internal sealed class NotifyAcceptance(int maxRememberedKeys)
{
    private readonly object _gate = new();
    private readonly IdempotencyStore _idempotency = new(maxRememberedKeys);
    private int _lastSequenceNumber;

    /// <summary>The answer kept for a key, if its window had not passed when the request came in.</summary>
    public StoredAnswer? Find(string? idempotencyKey, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            return _idempotency.Find(idempotencyKey, receivedAt);
        }
    }

    /// <summary>
    /// The next sequence number, taken before the scenario is chosen so that the selector sees it. It is
    /// spent even if its request is not accepted after all (<see cref="EmulatedNotification.SequenceNumber"/>).
    /// </summary>
    public int TakeSequenceNumber()
    {
        lock (_gate)
        {
            return ++_lastSequenceNumber;
        }
    }

    /// <summary>
    /// Accepts a request by keeping its answer under its key: null when accepted. When another request
    /// with the key was accepted since <see cref="Find"/> looked (while this one's scenario was being
    /// chosen), returns that one's answer instead, for this request to replay.
    /// </summary>
    public StoredAnswer? TryAccept(string? idempotencyKey, StoredAnswer answer)
    {
        lock (_gate)
        {
            if (_idempotency.Find(idempotencyKey, answer.StoredAt) is { } acceptedMeanwhile)
            {
                return acceptedMeanwhile;
            }

            _idempotency.Store(idempotencyKey, answer);
            return null;
        }
    }
}
