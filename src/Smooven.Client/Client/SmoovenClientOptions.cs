using System.Diagnostics;
using Smooven.Client.Diagnostics;

namespace Smooven.Client;

/// <summary>
/// Settings for <see cref="SmoovenClient"/>, the <see cref="CallbackVerifier"/> and the webhook
/// endpoint. Bind them from the <c>"Smooven"</c> configuration section or set them in code.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SmoovenClientOptions
{
    /// <summary>The configuration section the options are usually bound from.</summary>
    public const string SectionName = "Smooven";

    /// <summary>Smooven's production address.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.smooven.io/");

    /// <summary>Your Smooven secret key. Required: it authenticates requests and signs callbacks.
    /// It must be printable ASCII without spaces (0x21 to 0x7E). The key is used exactly as set: it is
    /// not trimmed, so a key read from a file with its final line break is refused with a message that
    /// says so, rather than sent (which would corrupt the request) or silently altered.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>The Smooven API address, to which the client adds <c>v1/agent/notify</c>. Defaults to
    /// <see cref="DefaultBaseAddress"/>. It must be https, as the secret key travels in every request; plain http is
    /// accepted only for a loopback address, such as the emulator's. It may not hold a user name or password, nor
    /// end in <c>/v1/agent</c> or <c>/v1/agent/notify</c>.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Where status callbacks go when a <see cref="NotifyRequest"/> has no
    /// <see cref="NotifyRequest.CallbackUrl"/>: usually the URL of your <c>MapSmoovenWebhook</c>
    /// endpoint.</summary>
    public Uri? DefaultCallbackUrl { get; set; }

    /// <summary>Older secret keys whose callback signatures are still accepted, so that a key
    /// can be rotated without losing callbacks in flight. Each follows the rules of <see cref="SecretKey"/>.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public IList<string> AdditionalSecretKeys { get; } = new List<string>();

    /// <summary>How far a callback's signing time may be from now, either way. Defaults to 5 minutes.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a notify request is retried after a connection failure or a
    /// 408, 429, 500, 502, 503 or 504. Defaults to 3; 0 turns retries off; at most 10.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay before jitter; each later retry doubles it, up to 30 seconds or
    /// <see cref="MaxRetryAfter"/>, whichever is longer. Defaults to 1 second; at most 1 day.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>Retry-After</c> the client waits out. A longer one fails the call
    /// at once with <see cref="SmoovenApiException.RetryAfter"/> set. Defaults to 60 seconds; at most 1 day.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Describes the options without any secret: no key, and no user name or password of an address.</summary>
    public override string ToString() =>
        $"SmoovenClientOptions {{ BaseAddress = {UriUserInfo.Masked(BaseAddress)}, SecretKey = {(string.IsNullOrEmpty(SecretKey) ? "(not set)" : "(set)")}, " +
        $"AdditionalSecretKeys = {AdditionalSecretKeys.Count}, DefaultCallbackUrl = {UriUserInfo.Masked(DefaultCallbackUrl) ?? "(none)"}, MaxRetries = {MaxRetries} }}";
}
