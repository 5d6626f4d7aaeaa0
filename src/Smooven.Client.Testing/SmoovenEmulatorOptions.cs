using Microsoft.Extensions.Logging;

namespace Smooven.Client.Testing;

/// <summary>Settings for <see cref="SmoovenEmulator"/>. The defaults behave like Smooven, instantly.</summary>
public sealed class SmoovenEmulatorOptions
{
    /// <summary>The default of <see cref="MaxRecordedItems"/>: 100,000.</summary>
    public const int DefaultMaxRecordedItems = 100_000;

    /// <summary>The default of <see cref="MaxRememberedIdempotencyKeys"/>: 100,000.</summary>
    public const int DefaultMaxRememberedIdempotencyKeys = 100_000;

    /// <summary>The port to listen on at 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The secret key that notify requests must carry and that callbacks are signed with.
    /// When null, a new random <c>sk_test_...</c> key is made; read it from <see cref="SmoovenEmulator.SecretKey"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The clock for every delay, timeout, signature time and timestamp. Give a
    /// <c>FakeTimeProvider</c> in tests to drive the callback retry schedule without waiting.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The gap between the successive callbacks of one notification. Zero (the default)
    /// sends them back to back; a few hundred milliseconds make a demo readable.</summary>
    public TimeSpan EventInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Picks each notification's scenario. When null, the scenario is read from a tag in
    /// <c>context.user_id</c> (see <see cref="SmoovenEmulator.ScenarioFromUserId"/>), else
    /// <see cref="DefaultScenario"/> applies.
    /// </summary>
    /// <remarks>
    /// It is called on the request's thread while the emulator holds no lock, so it may be called for
    /// several requests at once, and may block or read the emulator without holding up other requests.
    /// When it throws, the caller gets a 500 <c>scenario_selector_failed</c> and nothing is sent. It may
    /// also see a request that is then not accepted: of two requests sent together with one
    /// Idempotency-Key it sees both, the first to get its scenario is accepted, and the other replays
    /// its answer (see <see cref="EmulatedNotification.SequenceNumber"/>).
    /// </remarks>
    /// <example>
    /// <code>
    /// // The first notification fails, every later one is delivered.
    /// options.ScenarioSelector = n => n.SequenceNumber == 1 ? EmulatorScenario.Failed : EmulatorScenario.Delivered;
    /// </code>
    /// </example>
    public Func<EmulatedNotification, EmulatorScenario>? ScenarioSelector { get; set; }

    /// <summary>The scenario when no selector is set and the user_id carries no tag. <see cref="EmulatorScenario.Delivered"/> by default.</summary>
    public EmulatorScenario DefaultScenario { get; set; } = EmulatorScenario.Delivered;

    /// <summary>How long a callback receiver has to answer 2xx before the attempt counts as failed.
    /// 10 seconds, as the service.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The waits before each retry of a callback that got no 2xx: 5 s, 30 s and 2 min,
    /// as the service. Clear or replace them to change the schedule.</summary>
    public IList<TimeSpan> CallbackRetryDelays { get; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>Faults to inject; none by default.</summary>
    public EmulatorFaults Faults { get; } = new();

    /// <summary>
    /// How many of the most recent items <see cref="SmoovenEmulator.Requests"/>,
    /// <see cref="SmoovenEmulator.Notifications"/> and <see cref="SmoovenEmulator.CallbackAttempts"/>
    /// each hold; older ones are dropped so that a long-running emulator does not grow without
    /// bound. 100,000 by default; must be positive. Count-based waits such as
    /// <see cref="SmoovenEmulator.WaitForRequestsAsync(int, CancellationToken)"/> still count every item.
    /// </summary>
    public int MaxRecordedItems { get; set; } = DefaultMaxRecordedItems;

    /// <summary>
    /// How many Idempotency-Keys are remembered for replay. A key is forgotten 24 hours after its
    /// request was accepted, as by the service, or sooner once this many newer keys have been
    /// stored (oldest first); a request with a forgotten key is accepted as a new notification.
    /// 100,000 by default; must be positive.
    /// </summary>
    public int MaxRememberedIdempotencyKeys { get; set; } = DefaultMaxRememberedIdempotencyKeys;

    /// <summary>Where the emulator logs what it accepts and sends (never a key, a signature or a
    /// body above Debug); nowhere when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    // The longest delay a timer takes (Task.Delay, CancellationTokenSource): beyond it the emulator's
    // callbacks would fail in the background and none would be sent, so such a value is refused at start.
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    private const string LongestDelayText = "49 days";

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "SmoovenEmulatorOptions.Port must be between 0 and 65535; 0 picks a free port.");
        }

        if (SecretKey is not null && string.IsNullOrWhiteSpace(SecretKey))
        {
            throw new ArgumentException("SmoovenEmulatorOptions.SecretKey must not be blank. Leave it null to have a key made for you.", nameof(SecretKey));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (EventInterval < TimeSpan.Zero || EventInterval > LongestDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(EventInterval), EventInterval, $"SmoovenEmulatorOptions.EventInterval must be between zero and {LongestDelayText}.");
        }

        if (CallbackTimeout <= TimeSpan.Zero || CallbackTimeout > LongestDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(CallbackTimeout), CallbackTimeout, $"SmoovenEmulatorOptions.CallbackTimeout must be positive and at most {LongestDelayText}; the service uses 10 seconds.");
        }

        if (CallbackRetryDelays.Any(delay => delay < TimeSpan.Zero || delay > LongestDelay))
        {
            throw new ArgumentOutOfRangeException(nameof(CallbackRetryDelays), $"SmoovenEmulatorOptions.CallbackRetryDelays must each be between zero and {LongestDelayText}.");
        }

        if (!Enum.IsDefined(DefaultScenario))
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultScenario), DefaultScenario, "SmoovenEmulatorOptions.DefaultScenario is not an EmulatorScenario.");
        }

        if (MaxRecordedItems <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordedItems), MaxRecordedItems, "SmoovenEmulatorOptions.MaxRecordedItems must be positive; it is how many of the most recent requests, notifications and callback attempts are kept.");
        }

        if (MaxRememberedIdempotencyKeys <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRememberedIdempotencyKeys), MaxRememberedIdempotencyKeys, "SmoovenEmulatorOptions.MaxRememberedIdempotencyKeys must be positive; it is how many Idempotency-Keys are remembered for replay.");
        }

        if (Faults.RejectFirstNotifyRequests < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Faults), Faults.RejectFirstNotifyRequests, "EmulatorFaults.RejectFirstNotifyRequests must not be negative.");
        }

        if (Faults.LoseFirstNotifyAnswers < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Faults), Faults.LoseFirstNotifyAnswers, "EmulatorFaults.LoseFirstNotifyAnswers must not be negative.");
        }

        if ((int)Faults.RejectStatusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(Faults), Faults.RejectStatusCode, "EmulatorFaults.RejectStatusCode must be a 4xx or 5xx status, usually 503 or 429.");
        }

        if (Faults.RetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Faults), Faults.RetryAfter, "EmulatorFaults.RetryAfter must not be negative.");
        }
    }
}
