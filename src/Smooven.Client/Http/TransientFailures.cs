using System.Net;
using System.Net.Sockets;

namespace Smooven.Client.Http;

/// <summary>
/// Which failures may mean the request never reached Smooven or was refused for load, and so
/// may be sent again under the same Idempotency-Key (wire contract, section 1). A failure made
/// here before anything was sent (a header the handler refuses, say) is never among them:
/// sending it again would fail the same way.
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

    /// <summary>True for a failure of the connection itself: refused, reset, name not resolved,
    /// the answer cut short. The handler reports a failure before sending (such as a non-ASCII
    /// header) as an <see cref="HttpRequestException"/> too, but with no category and no socket
    /// or stream failure inside, and that is not retried.</summary>
    public static bool IsTransportFailure(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError
            or HttpRequestError.ProxyTunnelError
            or HttpRequestError.HttpProtocolError
            or HttpRequestError.ResponseEnded => true,
        HttpRequestError.Unknown => exception.InnerException is IOException or SocketException,
        _ => false,
    };
}
