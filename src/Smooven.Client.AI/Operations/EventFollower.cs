namespace Smooven.Client.AI.Operations;

/// <summary>
/// Reports each callback of a notification while a wait for it is pending, by looking at
/// <see cref="DeliveryTracker.GetStatus"/> every <see cref="PollInterval"/> on the given clock,
/// then once more from the wait's result, so every event is reported once and in arrival order.
/// </summary>
internal static class EventFollower
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<DeliveryResult> FollowAsync(
        DeliveryTracker tracker,
        string notificationId,
        Task<DeliveryResult> wait,
        Func<DeliveryCallback, CancellationToken, ValueTask> onEvent,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var reported = 0;
        while (!wait.IsCompleted)
        {
            reported = await ReportNewAsync(tracker.GetStatus(notificationId)?.Callbacks, reported, onEvent, cancellationToken).ConfigureAwait(false);
            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(wait, Task.Delay(PollInterval, timeProvider, pause.Token)).ConfigureAwait(false);
            await pause.CancelAsync().ConfigureAwait(false);
        }

        var result = await wait.ConfigureAwait(false);
        await ReportNewAsync(result.Callbacks, reported, onEvent, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async ValueTask<int> ReportNewAsync(
        IReadOnlyList<DeliveryCallback>? callbacks,
        int reported,
        Func<DeliveryCallback, CancellationToken, ValueTask> onEvent,
        CancellationToken cancellationToken)
    {
        for (var i = reported; callbacks is not null && i < callbacks.Count; i++)
        {
            await onEvent(callbacks[i], cancellationToken).ConfigureAwait(false);
            reported = i + 1;
        }

        return reported;
    }
}
