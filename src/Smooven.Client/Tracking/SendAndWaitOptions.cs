namespace Smooven.Client;

/// <summary>How long to wait for a notification's outcome, and which outcome ends the wait.</summary>
public sealed class SendAndWaitOptions
{
    /// <summary>The default wait: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before giving up with <see cref="DeliveryOutcome.TimedOut"/>: 30 seconds by
    /// default; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled. Never ends a wait early.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// The event that ends the wait: <see cref="CallbackEvent.Delivered"/> (the default),
    /// <see cref="CallbackEvent.Opened"/> or <see cref="CallbackEvent.Clicked"/>; failed ends any wait.
    /// </summary>
    /// <remarks>
    /// A later event implies the earlier ones, since callbacks can arrive out of order: an opened or
    /// clicked that overtakes delivered ends a wait for delivered, and a clicked ends a wait for opened.
    /// The outcome is then the event asked for, and <see cref="DeliveryResult.FinalCallback"/> the
    /// callback that arrived. Queued, sent, fallback and unknown events never end a wait.
    /// </remarks>
    public CallbackEvent Until { get; set; } = CallbackEvent.Delivered;

    /// <summary>Checks the options before anything is sent.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Until"/> or <see cref="Timeout"/> is not allowed.</exception>
    public void Validate()
    {
        if (Until != CallbackEvent.Delivered && Until != CallbackEvent.Opened && Until != CallbackEvent.Clicked)
        {
            throw new ArgumentOutOfRangeException(nameof(Until), Until.ToString(), "SendAndWaitOptions.Until must be "
                + "CallbackEvent.Delivered, Opened or Clicked: those are the outcomes a wait can end on.");
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "SendAndWaitOptions.Timeout must be positive, "
                + "or Timeout.InfiniteTimeSpan to wait until cancelled.");
        }
    }
}
