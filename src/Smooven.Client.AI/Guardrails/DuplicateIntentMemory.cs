using System.Globalization;

namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// Remembers which intent went to which user, for <see cref="SmoovenAIToolOptions.DuplicateIntentWindow"/>,
/// so that a model repeating itself does not notify a person twice, also when it makes the same call
/// twice at once: the first call claims the intent, the others wait for its notification id.
/// The same intent at a higher urgency is an escalation, as the tools' own results advise after a
/// failure or a timeout, so it claims the intent anew. Bounded: past <see cref="MaxEntries"/> the
/// oldest are forgotten first.
/// </summary>
internal sealed class DuplicateIntentMemory(TimeSpan window, TimeProvider timeProvider)
{
    public const int MaxEntries = 10_000;

    // Completes with the notification once Smooven accepted it; an entry whose send failed completes with
    // null, so the callers waiting on it try themselves, and gives way to the entry it replaced, if any
    // (an escalation that did not get through), or else is removed.
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>An earlier notification with the same intent to the same user.</summary>
    public sealed record Sent(string NotificationId, DateTimeOffset At);

    /// <summary>
    /// Either claims the intent for this call (dispose the claim; <see cref="Claim.Complete"/> it once
    /// sent), or, when another call has it, returns null and the earlier call's outcome to await.
    /// </summary>
    public Claim? TryClaim(string userId, string intent, int urgencyRank, out Task<Sent?>? earlier)
    {
        earlier = null;
        if (window <= TimeSpan.Zero)
        {
            return new Claim(this, null, null);
        }

        var key = Key(userId, intent);
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            var found = _entries.TryGetValue(key, out var entry) && !IsOver(entry.Claimed, now);
            if (found && entry!.UrgencyRank >= urgencyRank)
            {
                earlier = entry.Claimed.Task;
                return null;
            }

            // An escalation keeps the entry it replaces, to put back should it not get through.
            var claimed = new TaskCompletionSource<Sent?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _entries[key] = new Entry(claimed, urgencyRank, found ? entry : null);
            if (_entries.Count > MaxEntries)
            {
                ForgetExpiredOrOldest(now);
            }

            return new Claim(this, key, claimed);
        }
    }

    /// <summary>
    /// What <see cref="TryClaim"/> would wait for, without claiming anything: the outcome of the earlier
    /// call this one would be a duplicate of, or null when it would get the claim.
    /// </summary>
    public Task<Sent?>? Peek(string userId, string intent, int urgencyRank)
    {
        if (window <= TimeSpan.Zero)
        {
            return null;
        }

        var key = Key(userId, intent);
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && !IsOver(entry.Claimed, now) && entry.UrgencyRank >= urgencyRank
                ? entry.Claimed.Task
                : null;
        }
    }

    // Over: sent longer ago than the window, or released without a send (an entry put back after a
    // failed escalation may be one).
    private bool IsOver(TaskCompletionSource<Sent?> entry, DateTimeOffset now) =>
        entry.Task.IsCompletedSuccessfully && (entry.Task.Result is not { } sent || now - sent.At >= window);

    private void ForgetExpiredOrOldest(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (IsOver(entry.Claimed, now))
            {
                _entries.Remove(key);
            }
        }

        var completed = _entries.Where(pair => pair.Value.Claimed.Task.IsCompletedSuccessfully).ToList();
        if (_entries.Count > MaxEntries && completed.Count > 0)
        {
            _entries.Remove(completed.MinBy(pair => pair.Value.Claimed.Task.Result!.At).Key);
        }
    }

    private DateTimeOffset Now() => timeProvider.GetUtcNow();

    // The send may go at a higher urgency than its claim (the repeat of an unconfirmed try at that
    // urgency): remembering it keeps a call at that urgency, meanwhile or later, from passing for an escalation.
    private void RaiseUrgency(string key, TaskCompletionSource<Sent?> claimed, int urgencyRank)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Claimed == claimed && entry.UrgencyRank < urgencyRank)
            {
                _entries[key] = entry with { UrgencyRank = urgencyRank };
            }
        }
    }

    private void Release(string key, TaskCompletionSource<Sent?> claimed)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Claimed == claimed)
            {
                if (entry.Replaced is { } replaced)
                {
                    _entries[key] = replaced;
                }
                else
                {
                    _entries.Remove(key);
                }
            }
        }

        claimed.TrySetResult(null);
    }

    /// <summary>
    /// Which intent to which user: case and surrounding white space do not make a different intent, nor a
    /// different user id. The user id's length comes first, so that no split of the same text between user
    /// id and intent shares a key.
    /// </summary>
    public static string Key(string userId, string intent)
    {
        var user = userId.Trim().ToUpperInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{user.Length}:{user}\n{intent.Trim().ToUpperInvariant()}");
    }

    private sealed record Entry(TaskCompletionSource<Sent?> Claimed, int UrgencyRank, Entry? Replaced);

    /// <summary>This call's right to send an intent; disposing it without completing lets the next call try.</summary>
    internal sealed class Claim(DuplicateIntentMemory memory, string? key, TaskCompletionSource<Sent?>? claimed) : IDisposable
    {
        private bool _done;

        /// <summary>
        /// Claims the intent at the urgency the request goes out with, before it goes: the repeat of an
        /// unconfirmed try at a higher urgency than this call's. A call at that urgency meanwhile is then a
        /// duplicate of it, not an escalation.
        /// </summary>
        public void SendsAt(int urgencyRank)
        {
            if (key is not null && claimed is not null)
            {
                memory.RaiseUrgency(key, claimed, urgencyRank);
            }
        }

        /// <summary>Records the notification sent.</summary>
        public void Complete(string notificationId)
        {
            _done = true;
            claimed?.TrySetResult(new Sent(notificationId, memory.Now()));
        }

        public void Dispose()
        {
            if (!_done && key is not null && claimed is not null)
            {
                _done = true;
                memory.Release(key, claimed);
            }
        }
    }
}
