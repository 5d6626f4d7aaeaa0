using Smooven.Client.AI.Functions;

namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// The sends whose outcome is unknown: Smooven could not be reached, or the call was cancelled while
/// the request was out. Such a send may have gone through, so the next try of the same intent to the
/// same user (compared as <see cref="DuplicateIntentMemory"/> compares them), at the same or a lower
/// urgency, sends that very request again under the same key, whatever its tool call id: Smooven
/// answers it with the first notification instead of sending a second, and would refuse the key with a
/// request that differs even in case. Kept for <see cref="SmoovenAIToolOptions.DuplicateIntentWindow"/>,
/// at most <see cref="MaxEntries"/>, oldest forgotten first.
/// </summary>
internal sealed class UnconfirmedSends(TimeSpan window, TimeProvider timeProvider)
{
    public const int MaxEntries = 10_000;

    private readonly Dictionary<string, Unconfirmed> _tries = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>A send whose outcome is unknown: the request as it was sent, and its Idempotency-Key.</summary>
    public sealed record Unconfirmed(NotifyUserInput Request, string Key, DateTimeOffset At);

    public void Remember(NotifyUserInput request, string idempotencyKey)
    {
        if (window <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            _tries[DuplicateIntentMemory.Key(request.UserId, request.Intent)] = new Unconfirmed(request, idempotencyKey, now);
            if (_tries.Count > MaxEntries)
            {
                _tries.Remove(_tries.MinBy(pair => pair.Value.At).Key);
            }
        }
    }

    /// <summary>
    /// The unconfirmed earlier try that this call repeats, forgotten once taken; null when there is none,
    /// or when this call is an escalation (a higher urgency), which is a request of its own.
    /// </summary>
    public Unconfirmed? Take(NotifyUserInput input)
    {
        var key = DuplicateIntentMemory.Key(input.UserId, input.Intent);
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_tries.TryGetValue(key, out var earlier) || earlier.Request.UrgencyRank < input.UrgencyRank)
            {
                return null;
            }

            _tries.Remove(key);
            return now - earlier.At < window ? earlier : null;
        }
    }
}
