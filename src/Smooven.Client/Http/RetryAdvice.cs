using System.Net;

namespace Smooven.Client.Http;

/// <summary>
/// What a failed notify call's message tells the caller when the request may have reached Smooven all the
/// same (its answer lost, or a gateway's error): trying again with a new call, and so a new generated key,
/// could send a second notification; the same key cannot.
/// </summary>
internal static class RetryAdvice
{
    // Unlike a 429 or a 503, refusals for load, these may come after Smooven took the request (a gateway's timeout, say).
    public static bool MayHaveBeenAccepted(HttpStatusCode statusCode) => statusCode
        is HttpStatusCode.RequestTimeout
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.GatewayTimeout;

    public static string SameKey(string idempotencyKey) =>
        "Smooven may have received it: to try again without risking a second notification, send the same request " +
        $"with NotifyRequest.IdempotencyKey = \"{idempotencyKey}\".";
}
