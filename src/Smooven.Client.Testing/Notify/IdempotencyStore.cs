namespace Smooven.Client.Testing.Notify;

/// <summary>An accepted answer kept for its Idempotency-Key, to be replayed to a repeated request.</summary>
internal sealed record StoredAnswer(string NotificationId, byte[] Body, DateTimeOffset StoredAt);

/// <summary>
/// Remembers the answer to each accepted request by its Idempotency-Key for 24 hours, so that a
/// retried POST gets the original answer and no second delivery (wire contract, section 1).
/// Only accepted requests are kept: a refused one may be corrected and sent again. Not
/// thread-safe: the notify endpoint calls it under its own lock.
/// </summary>
internal sealed class IdempotencyStore(TimeProvider timeProvider)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly Dictionary<string, StoredAnswer> _answers = new(StringComparer.Ordinal);

    /// <summary>The stored answer for a key, if still in its window.</summary>
    public StoredAnswer? Find(string? key)
    {
        if (key is null || !_answers.TryGetValue(key, out var answer))
        {
            return null;
        }

        if (timeProvider.GetUtcNow() - answer.StoredAt >= Window)
        {
            _answers.Remove(key);
            return null;
        }

        return answer;
    }

    public void Store(string? key, StoredAnswer answer)
    {
        if (key is not null)
        {
            _answers[key] = answer;
        }
    }
}
