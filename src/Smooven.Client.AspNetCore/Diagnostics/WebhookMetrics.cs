using System.Diagnostics.Metrics;
using System.Reflection;

namespace Smooven.Client.AspNetCore.Diagnostics;

/// <summary>
/// The webhook endpoint's instruments on the <c>Smooven.Client</c> meter the core reports on:
/// the shared meter outside DI, one from the <see cref="IMeterFactory"/> inside it, so tests
/// can listen to one host in isolation.
/// </summary>
internal sealed class WebhookMetrics
{
    /// <summary>The core's meter name: one meter for the whole SDK is what users subscribe to.</summary>
    public const string MeterName = "Smooven.Client";

    public const string CallbacksName = "smooven.client.webhook.callbacks";

    private static readonly string Version =
        typeof(WebhookMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    private static readonly Lazy<WebhookMetrics> LazyShared = new(() => new WebhookMetrics(new Meter(MeterName, Version)));

    private static readonly KeyValuePair<string, object?> HandledTag = Outcome("handled");
    private static readonly KeyValuePair<string, object?> DuplicateTag = Outcome("duplicate");
    private static readonly KeyValuePair<string, object?> TooLargeTag = Outcome("too_large");
    private static readonly KeyValuePair<string, object?> SignatureRefusedTag = Outcome("signature_refused");
    private static readonly KeyValuePair<string, object?> NotACallbackTag = Outcome("not_a_callback");
    private static readonly KeyValuePair<string, object?> HandlerFailedTag = Outcome("handler_failed");
    private static readonly KeyValuePair<string, object?> AbortedTag = Outcome("aborted");
    private static readonly KeyValuePair<string, object?> UnavailableTag = Outcome("unavailable");

    private static readonly KeyValuePair<string, object?> MissingHeaderTag = Reason("missing_header");
    private static readonly KeyValuePair<string, object?> MalformedHeaderTag = Reason("malformed_header");
    private static readonly KeyValuePair<string, object?> TimestampOutsideToleranceTag = Reason("timestamp_outside_tolerance");
    private static readonly KeyValuePair<string, object?> NoMatchingSignatureTag = Reason("no_matching_signature");
    private static readonly KeyValuePair<string, object?> OtherReasonTag = Reason("other");

    private WebhookMetrics(Meter meter)
    {
        Callbacks = meter.CreateCounter<long>(
            CallbacksName, "{callback}", "Requests to the Smooven webhook endpoint, by outcome (and, when the signature was refused, by reason).");
    }

    public static WebhookMetrics Shared => LazyShared.Value;

    public Counter<long> Callbacks { get; }

    public static WebhookMetrics Create(IMeterFactory? meterFactory) =>
        meterFactory is null
            ? Shared
            : new WebhookMetrics(meterFactory.Create(new MeterOptions(MeterName) { Version = Version }));

    /// <summary>Answered 200 after the tracker and every handler saw the callback.</summary>
    public void Handled() => Count(HandledTag);

    /// <summary>Answered 200 without handling: a retried delivery already handled.</summary>
    public void Duplicate() => Count(DuplicateTag);

    /// <summary>Answered 413.</summary>
    public void TooLarge() => Count(TooLargeTag);

    /// <summary>Answered 400: validly signed, but not a status callback.</summary>
    public void NotACallback() => Count(NotACallbackTag);

    /// <summary>Answered 500 so that Smooven retries.</summary>
    public void HandlerFailed() => Count(HandlerFailedTag);

    /// <summary>Answered 503: the backplane could not record the delivery, or another instance is handling it.</summary>
    public void Unavailable() => Count(UnavailableTag);

    /// <summary>
    /// Not answered, or answered without the body: the caller hung up while the body was read or the
    /// callback dispatched, closed its side before the body's end, or sent it slower than the server's
    /// minimum data rate.
    /// </summary>
    public void Aborted() => Count(AbortedTag);

    /// <summary>Answered 401, tagged with why the signature was refused.</summary>
    public void SignatureRefused(SignatureStatus status)
    {
        if (Callbacks.Enabled)
        {
            Callbacks.Add(1, SignatureRefusedTag, ReasonOf(status));
        }
    }

    private void Count(KeyValuePair<string, object?> outcome)
    {
        if (Callbacks.Enabled)
        {
            Callbacks.Add(1, outcome);
        }
    }

    private static KeyValuePair<string, object?> ReasonOf(SignatureStatus status) => status switch
    {
        SignatureStatus.MissingHeader => MissingHeaderTag,
        SignatureStatus.MalformedHeader => MalformedHeaderTag,
        SignatureStatus.TimestampOutsideTolerance => TimestampOutsideToleranceTag,
        SignatureStatus.NoMatchingSignature => NoMatchingSignatureTag,
        _ => OtherReasonTag,
    };

    private static KeyValuePair<string, object?> Outcome(string value) => new("outcome", value);

    private static KeyValuePair<string, object?> Reason(string value) => new("reason", value);
}
