using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smooven.Client.Diagnostics;
using Smooven.Client.Tracking.Internal;

namespace Smooven.Client;

/// <summary>
/// Pairs notification ids with the tasks waiting for their outcome, fed through <see cref="Publish"/> by
/// the webhook endpoint or any other receiver. Keeps a bounded history of recent callbacks (see
/// <see cref="DeliveryTrackerOptions"/>), so a callback that beats its wait is not lost. Thread-safe.
/// </summary>
/// <remarks>
/// Timeouts share one timer from the <see cref="TimeProvider"/> and never end a wait early: on a fake
/// clock they end it exactly at the deadline (rounded up to a whole millisecond, as timers take), on the
/// system clock within the runtime's timer resolution.
/// </remarks>
public sealed class DeliveryTracker : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TrackerStripe[] _stripes;
    private readonly DeadlineQueue _deadlines;
    private readonly TrackerTelemetry _telemetry;

    /// <summary>Creates a tracker with the default history.</summary>
    /// <param name="timeProvider">The clock for timeouts and the history; <see cref="TimeProvider.System"/> when null.</param>
    public DeliveryTracker(TimeProvider? timeProvider = null)
        : this(null, timeProvider)
    {
    }

    /// <summary>Creates a tracker with history, clock and logging of your choice.</summary>
    /// <param name="options">How much history to keep; the defaults when null.</param>
    /// <param name="timeProvider">The clock for timeouts and the history; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where the tracker logs; nowhere when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message says which and how to fix it.</exception>
    public DeliveryTracker(DeliveryTrackerOptions? options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, timeProvider, loggerFactory, null)
    {
    }

    // Tests choose the stripe count, so that the history's order of eviction is the order of arrival.
    internal DeliveryTracker(DeliveryTrackerOptions? options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, SmoovenMetrics? metrics, int? stripeCount = null)
    {
        options ??= new DeliveryTrackerOptions();
        DeliveryTrackerOptionsValidator.ThrowIfInvalid(options);
        _time = timeProvider ?? TimeProvider.System;
        var logger = (ILogger?)loggerFactory?.CreateLogger<DeliveryTracker>() ?? NullLogger.Instance;
        _telemetry = new TrackerTelemetry(metrics ?? SmoovenMetrics.Shared, logger, _time, options);
        _deadlines = new DeadlineQueue(_time);

        var stripes = stripeCount ?? (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount);
        var capacity = (int)(((long)options.HistoryCapacity + stripes - 1) / stripes);
        var lifetime = DeadlineQueue.After(0, options.HistoryLifetime, _time.TimestampFrequency);
        _stripes = [.. Enumerable.Range(0, stripes).Select(_ => new TrackerStripe(new RecordTable(capacity, lifetime), _telemetry))];
    }

    /// <summary>The number of waits registered and not yet ended.</summary>
    public int PendingCount => _stripes.Sum(stripe => stripe.PendingCount);

    /// <summary>What the tracker knows so far about one notification, from its history.</summary>
    /// <param name="notificationId">The id from <see cref="NotifyResponse.NotificationId"/>.</param>
    /// <returns>A snapshot; null when no callback is known for the notification, or its history has expired or been dropped.</returns>
    /// <exception cref="ArgumentException"><paramref name="notificationId"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The tracker has been disposed.</exception>
    public NotificationStatus? GetStatus(string notificationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(notificationId);
        return StripeOf(notificationId).GetStatus(notificationId, _time.GetTimestamp());
    }

    /// <summary>
    /// Waits for the outcome of one notification. Callbacks that came before this call count, so it is
    /// safe to call after <see cref="SmoovenClient.NotifyAsync"/> returns.
    /// </summary>
    /// <param name="notificationId">The id from <see cref="NotifyResponse.NotificationId"/>.</param>
    /// <param name="options">Timeout and the event that ends the wait; see <see cref="SendAndWaitOptions.Until"/>.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The outcome; a timeout is <see cref="DeliveryOutcome.TimedOut"/>, not an exception.</returns>
    /// <exception cref="ArgumentException"><paramref name="notificationId"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are not allowed; see <see cref="SendAndWaitOptions.Validate"/>.</exception>
    /// <exception cref="ObjectDisposedException">The tracker has been disposed (a token cancelled already cancels the wait instead).</exception>
    public Task<DeliveryResult> WaitAsync(string notificationId, SendAndWaitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(notificationId);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<DeliveryResult>(cancellationToken);
        }

        var now = _time.GetTimestamp();
        var stripe = StripeOf(notificationId);
        var wait = new PendingWait(stripe, notificationId, options.Until, now);
        var pending = stripe.Start(wait, now);
        if (pending && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            _deadlines.Add(wait, DeadlineQueue.After(now, options.Timeout, _time.TimestampFrequency));
        }

        if (pending && cancellationToken.CanBeCanceled)
        {
            stripe.KeepRegistration(wait, cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingWait)state!).Stripe.EndUnsettled((PendingWait)state!, timedOut: false, token), wait));
        }

        return wait.Task;
    }

    /// <summary>
    /// Records a verified callback in the history and ends the waits it settles. Duplicates and callbacks
    /// after a wait ended are harmless; after <see cref="Dispose"/>, ignored. Never runs the waiting code inline.
    /// </summary>
    /// <param name="callback">The callback.</param>
    public void Publish(DeliveryCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        StripeOf(callback.NotificationId).Publish(callback, _time.GetTimestamp(), _time.GetUtcNow());
    }

    /// <summary>Cancels every pending wait (as at host shutdown), drops the history and stops the timer.</summary>
    public void Dispose()
    {
        // Everything is closed before anything is reported, which may throw.
        var ended = Array.ConvertAll(_stripes, stripe => stripe.Close());
        _deadlines.Dispose();
        Array.ForEach(ended, _telemetry.WaitsEnded);
    }

    private TrackerStripe StripeOf(string notificationId) => _stripes[notificationId.GetHashCode() & (_stripes.Length - 1)];
}
