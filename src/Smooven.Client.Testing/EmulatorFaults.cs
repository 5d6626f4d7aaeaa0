using System.Net;

namespace Smooven.Client.Testing;

/// <summary>
/// Misbehaviours the real service is allowed by its contract, on demand, so that a receiver or
/// an agent can be tested against them. All off by default.
/// </summary>
public sealed class EmulatorFaults
{
    /// <summary>Sends the first delivery of every callback twice, the identical body each time
    /// (each POST signed anew), as an at-least-once sender may.</summary>
    public bool DuplicateCallbacks { get; set; }

    /// <summary>Sends each notification's callbacks in a random order that is never the natural
    /// one (when there are two or more), so <c>delivered</c> may come before <c>sent</c>. The
    /// timestamps in the bodies keep the natural order.</summary>
    public bool ShuffleCallbacks { get; set; }

    /// <summary>POSTs the first callback, and waits for the receiver's answer, before the 202 of
    /// the notify request is written: the caller learns the notification id after its first
    /// callback has already arrived. A caller that gives up meanwhile is recorded with that 202.</summary>
    public bool CallbackBeforeResponse { get; set; }

    /// <summary>Answers the first N notify requests (after authentication) with <see cref="RejectStatusCode"/>,
    /// as an overloaded or failing service would, with the headers the service sends with that status:
    /// <c>Retry-After</c> (<see cref="RetryAfter"/>) on a 429 or 503 only, <c>WWW-Authenticate: Bearer</c>
    /// on a 401, <c>Allow: POST</c> on a 405.</summary>
    public int RejectFirstNotifyRequests { get; set; }

    /// <summary>The status for <see cref="RejectFirstNotifyRequests"/>: 503 (the default) or 429,
    /// or any other 4xx/5xx to see how a client copes. The body is the error the service gives that
    /// status, such as <c>permission_error</c> / <c>forbidden</c> for 403.</summary>
    public HttpStatusCode RejectStatusCode { get; set; } = HttpStatusCode.ServiceUnavailable;

    /// <summary>Loses the answers of the first N notify requests that are accepted or replayed: the
    /// request is handled as usual (the notification is created, its callbacks go, its Idempotency-Key
    /// is remembered), then the connection is cut after the 202's headers, as when an answer is lost
    /// on the way back. A repeat with the same key gets the original notification; a new call makes a
    /// second one. Refusals are never lost. Recorded with their 202, as the emulator did answer.</summary>
    public int LoseFirstNotifyAnswers { get; set; }

    /// <summary>The <c>Retry-After</c> sent with a notify request rejected with 429 or 503, in whole seconds;
    /// 1 second by default. <see langword="null"/> sends none. No other status carries one, as the wire
    /// contract gives it only to refusals for load.</summary>
    public TimeSpan? RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
