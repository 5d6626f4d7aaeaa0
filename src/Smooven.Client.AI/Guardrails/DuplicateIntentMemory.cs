namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// Remembers which intent went to which user, for <see cref="SmoovenAIToolOptions.DuplicateIntentWindow"/>,
/// so that a model repeating itself does not notify a person twice. Bounded: past
/// <see cref="MaxEntries"/> the oldest are forgotten first.
/// </summary>
internal sealed class DuplicateIntentMemory(TimeSpan window, TimeProvider timeProvider)
{
    public const int MaxEntries = 10_000;

    private readonly Dictionary<string, Sent> _sent = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>An earlier notification with the same intent to the same user.</summary>
    public sealed record Sent(string NotificationId, DateTimeOffset At);

    public bool IsOn => window > TimeSpan.Zero;

    public Sent? Find(string userId, string intent)
    {
        if (!IsOn)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            return _sent.TryGetValue(Key(userId, intent), out var sent) && now - sent.At < window ? sent : null;
        }
    }

    public void Remember(string userId, string intent, string notificationId)
    {
        if (!IsOn)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            _sent[Key(userId, intent)] = new Sent(notificationId, now);
            if (_sent.Count > MaxEntries)
            {
                ForgetExpiredOrOldest(now);
            }
        }
    }

    private void ForgetExpiredOrOldest(DateTimeOffset now)
    {
        foreach (var (key, sent) in _sent)
        {
            if (now - sent.At >= window)
            {
                _sent.Remove(key);
            }
        }

        if (_sent.Count > MaxEntries)
        {
            _sent.Remove(_sent.MinBy(pair => pair.Value.At).Key);
        }
    }

    // Case and surrounding white space do not make a different intent; the user id is compared as given, ignoring case.
    private static string Key(string userId, string intent) =>
        userId.Trim().ToUpperInvariant() + "\n" + intent.Trim().ToUpperInvariant();
}
