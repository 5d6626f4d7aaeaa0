using System.Security.Cryptography;

namespace Smooven.Client.Testing.Notify;

/// <summary>
/// An accepted answer kept for its Idempotency-Key, to be replayed to a repeated request, with the
/// SHA-256 of the request body it answered (the hash, not the body, to keep memory small).
/// </summary>
internal sealed record StoredAnswer(string NotificationId, byte[] Body, DateTimeOffset StoredAt, byte[] RequestHash)
{
    public static byte[] HashOf(ReadOnlySpan<byte> requestBody) => SHA256.HashData(requestBody);

    /// <summary>
    /// Whether a repeat sent the same bytes. A retry does; a different body under the same key is
    /// almost always a caller's bug (a key reused across requests), so it is refused, not replayed.
    /// </summary>
    public bool Answers(ReadOnlySpan<byte> requestBody) => HashOf(requestBody).AsSpan().SequenceEqual(RequestHash);
}

/// <summary>
/// Remembers the answer to each accepted request by its Idempotency-Key for 24 hours, so that a
/// retried POST gets the original answer and no second delivery (wire contract, section 1).
/// Only accepted requests are kept: a refused one may be corrected and sent again. Not
/// thread-safe: <see cref="NotifyAcceptance"/> calls it under its lock, which is why it is given
/// the time rather than reading a clock.
/// </summary>
/// <remarks>
/// The standalone emulator runs for days, so memory is bounded: each store first forgets the keys
/// whose window has passed, then the oldest keys beyond <c>maxKeys</c>. Keys are kept in the order
/// they were stored, so both are taken from the front of a queue, amortised O(1) per store.
/// </remarks>
internal sealed class IdempotencyStore
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly int _maxKeys;
    private readonly Dictionary<string, StoredAnswer> _answers = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, StoredAnswer Answer)> _storedOrder = new();

    public IdempotencyStore(int maxKeys)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeys);
        _maxKeys = maxKeys;
    }

    /// <summary>How many keys are held now, expired ones not yet forgotten included.</summary>
    public int Count => _answers.Count;

    /// <summary>The stored answer for a key, if still in its window at <paramref name="now"/>.</summary>
    public StoredAnswer? Find(string? key, DateTimeOffset now)
    {
        if (key is null || !_answers.TryGetValue(key, out var answer))
        {
            return null;
        }

        // Left in place when expired: the next store forgets it from the front of the queue.
        return IsExpired(answer, now) ? null : answer;
    }

    /// <summary>Keeps an answer, first forgetting the keys whose window had passed by its <see cref="StoredAnswer.StoredAt"/>.</summary>
    public void Store(string? key, StoredAnswer answer)
    {
        if (key is null)
        {
            return;
        }

        var now = answer.StoredAt;
        while (_storedOrder.TryPeek(out var oldest) && (IsExpired(oldest.Answer, now) || _storedOrder.Count >= _maxKeys))
        {
            ForgetOldest();
        }

        _answers[key] = answer;
        _storedOrder.Enqueue((key, answer));
    }

    private static bool IsExpired(StoredAnswer answer, DateTimeOffset now) => now - answer.StoredAt >= Window;

    private void ForgetOldest()
    {
        var (key, answer) = _storedOrder.Dequeue();

        // A key stored again after its window holds a newer answer, which a stale queue entry must not remove.
        if (_answers.TryGetValue(key, out var current) && ReferenceEquals(current, answer))
        {
            _answers.Remove(key);
        }
    }
}
