using System.Net;

namespace Smooven.Client.Http;

/// <summary>
/// Which answers may mean the request never reached Smooven or was refused for load, and so
/// may be sent again under the same Idempotency-Key (wire contract, section 1).
/// </summary>
internal static class TransientFailures
{
    public static bool IsRetriableStatus(HttpStatusCode statusCode) => statusCode
        is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;
}
