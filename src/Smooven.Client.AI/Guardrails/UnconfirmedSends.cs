using Smooven.Client.AI.Functions;

namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// The Idempotency-Keys of sends whose outcome is unknown: Smooven could not be reached, or the call
/// was cancelled while the request was out. Such a send may have gone through, so the next try of the
/// very same request goes under the same key, whatever its tool call id, and Smooven answers it with
/// the first notification instead of sending a second. Kept for
/// <see cref="SmoovenAIToolOptions.DuplicateIntentWindow"/>, at most <see cref="MaxEntries"/>, oldest
/// forgotten first.
/// </summary>
internal sealed class UnconfirmedSends(TimeSpan window, TimeProvider timeProvider)
{
    public const int MaxEntries = 10_000;

    private readonly Dictionary<string, Unconfirmed> _keys = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public void Remember(NotifyUserInput input, string idempotencyKey)
    {
        if (window <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            _keys[IdempotencyKeys.RequestOf(input)] = new Unconfirmed(idempotencyKey, now);
            if (_keys.Count > MaxEntries)
            {
                _keys.Remove(_keys.MinBy(pair => pair.Value.At).Key);
            }
        }
    }

    /// <summary>The key of an unconfirmed earlier try of this request, forgotten once taken; null when there is none.</summary>
    public string? Take(NotifyUserInput input)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            return _keys.Remove(IdempotencyKeys.RequestOf(input), out var earlier) && now - earlier.At < window ? earlier.Key : null;
        }
    }

    private sealed record Unconfirmed(string Key, DateTimeOffset At);
}
