using System.Net;

namespace Smooven.Client.Http;

/// <summary>
/// What a failed notify call's message tells the caller when the request may have reached Smooven all the
/// same (its answer lost, or a gateway's error): trying again with a new call, and so a new generated key,
/// could send a second notification; the same key cannot.
/// </summary>
internal static class RetryAdvice
{
    // A 408 or a server error may come after Smooven took the request (a gateway's timeout, say; Cloudflare's
    // 524 is one). A 409 is a repeat of a key whose first request is still in flight (as the IETF
    // Idempotency-Key draft has it): an attempt the client gave up on may be sending it now. Only a 429 or a
    // 503, refusals for load, and a 501 say it was not taken: when unsure, the same key is the safe advice,
    // as it can never send twice.
    public static bool MayHaveBeenAccepted(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict
        || ((int)statusCode >= 500 && statusCode is not HttpStatusCode.NotImplemented and not HttpStatusCode.ServiceUnavailable);

    public static string SameKey(string idempotencyKey) =>
        "Smooven may have received it: to try again without risking a second notification, send the same request " +
        $"with NotifyRequest.IdempotencyKey = \"{idempotencyKey}\".";
}
