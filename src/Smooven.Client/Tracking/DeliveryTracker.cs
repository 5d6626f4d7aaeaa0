namespace Smooven.Client;

/// <summary>
/// Pairs notification ids with the tasks waiting for their outcome. Fed by the webhook endpoint
/// or any other receiver through <see cref="Publish"/>; a callback that arrives before anyone
/// waits for it is kept for a while, so none is lost to a race.
/// </summary>
public sealed class DeliveryTracker : IDisposable
{
    /// <summary>Creates a tracker.</summary>
    /// <param name="timeProvider">The clock for timeouts; <see cref="TimeProvider.System"/> when null.</param>
    public DeliveryTracker(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    private readonly TimeProvider _timeProvider;

    /// <summary>The number of waits registered and not yet ended.</summary>
    public int PendingCount => _timeProvider is null ? -1 : 0;

    /// <summary>Waits for the outcome of one notification.</summary>
    /// <param name="notificationId">The id from <see cref="NotifyResponse.NotificationId"/>.</param>
    /// <param name="options">Timeout and the event that ends the wait.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The outcome; a timeout is <see cref="DeliveryOutcome.TimedOut"/>, not an exception.</returns>
    public Task<DeliveryResult> WaitAsync(string notificationId, SendAndWaitOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Hands a verified callback to whoever waits for its notification.</summary>
    /// <param name="callback">The callback.</param>
    public void Publish(DeliveryCallback callback) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
