namespace Smooven.Client.AspNetCore;

/// <summary>
/// Settings of the <c>MapSmoovenWebhook</c> endpoint. Change them with
/// <c>services.AddSmoovenWebhooks(o => ...)</c> or <c>services.Configure&lt;SmoovenWebhookOptions&gt;(...)</c>.
/// The signature keys and tolerance come from <see cref="SmoovenClientOptions"/>.
/// </summary>
public sealed class SmoovenWebhookOptions
{
    /// <summary>The default <see cref="MaxBodySize"/>: 256 KiB.</summary>
    public const long DefaultMaxBodySize = 256 * 1024;

    /// <summary>The default <see cref="MaxRememberedDeliveries"/>.</summary>
    public const int DefaultMaxRememberedDeliveries = 10_000;

    /// <summary>The largest body accepted, in bytes; a larger one is answered 413 without being
    /// read further. Defaults to 256 KiB. The server's own limit (Kestrel: 30 MB) still applies above it.</summary>
    public long MaxBodySize { get; set; } = DefaultMaxBodySize;

    /// <summary>How long a processed delivery is remembered, counted from the last time the delivery
    /// was seen (handled, or recognised as a duplicate), so that Smooven's retries of it (same body,
    /// new signature) reach the handlers only once. Defaults to 10 minutes, which covers Smooven's
    /// retries after 5 s, 30 s and 2 min. <see cref="TimeSpan.Zero"/> remembers nothing. Keep it at
    /// least <see cref="SmoovenClientOptions.SignatureTolerance"/> (or the <see cref="CallbackVerifier.Tolerance"/>
    /// of a verifier the app registers itself): then every signed copy that reached the endpoint is
    /// remembered for as long as its signature is accepted. With a shorter window, a captured copy
    /// replayed after the window but within the tolerance is validly signed and reaches the handlers
    /// again, so a shorter window other than zero is logged at Warning when the endpoint is mapped.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most processed deliveries remembered at once; beyond it the least recently seen
    /// are forgotten first (a forgotten one that comes again is handled again). Defaults to 10,000.</summary>
    public int MaxRememberedDeliveries { get; set; } = DefaultMaxRememberedDeliveries;
}
