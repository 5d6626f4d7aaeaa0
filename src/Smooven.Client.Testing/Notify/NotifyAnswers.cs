using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Smooven.Client.Testing.Diagnostics;
using Smooven.Client.Testing.Recording;
using Smooven.Client.Testing.Wire;

namespace Smooven.Client.Testing.Notify;

/// <summary>
/// Writes the notify endpoint's answers, and records each request with the status it got: a refusal
/// as the service's typed error with the headers HTTP asks of its status, an injected one as well, and
/// an acceptance or a replay as its 202, lost on purpose while <see cref="EmulatorFaults.LoseFirstNotifyAnswers"/> asks.
/// </summary>
internal sealed class NotifyAnswers(EmulatorFaults faults, Recorder<RecordedNotifyRequest> requests, ILogger logger)
{
    private int _acceptedAnswers;

    public Task RefuseAsync(NotifyExchange exchange, ApiError error)
    {
        // The headers HTTP asks of these statuses (RFC 9110), on a genuine refusal and an injected one alike.
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            exchange.Context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        else if (error.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            exchange.Context.Response.Headers.Allow = "POST";
        }

        EmulatorLog.Refused(logger, exchange.Context.Request.Method, exchange.Context.Request.Path.ToString(), error.StatusCode, error.Code);
        return AnswerAsync(exchange, error.StatusCode, WireJson.Error(error), notificationId: null, isReplay: false);
    }

    /// <summary>The refusal <see cref="EmulatorFaults.RejectFirstNotifyRequests"/> asks for.</summary>
    public Task RejectAsInjectedAsync(NotifyExchange exchange)
    {
        // Only a refusal for load says when to come back (wire contract, section 1): a Retry-After on a 403 or a 500
        // would tell a client something the service never does.
        if (faults.RejectStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && faults.RetryAfter is { } retryAfter)
        {
            exchange.Context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return RefuseAsync(exchange, ApiError.Rejection((int)faults.RejectStatusCode));
    }

    public async Task AcceptedAsync(NotifyExchange exchange, byte[] body, string notificationId, bool isReplay)
    {
        var loseIt = faults.LoseFirstNotifyAnswers > 0
            && Interlocked.Increment(ref _acceptedAnswers) <= faults.LoseFirstNotifyAnswers;
        await AnswerAsync(exchange, StatusCodes.Status202Accepted, body, notificationId, isReplay, loseIt).ConfigureAwait(false);
    }

    /// <summary>Records an accepted request whose caller went away before its 202 was written, with that 202.</summary>
    public void RecordAcceptedUnanswered(NotifyExchange exchange, string notificationId) =>
        requests.Add(exchange.ToRecord(StatusCodes.Status202Accepted, notificationId, isReplay: false));

    private async Task AnswerAsync(NotifyExchange exchange, int statusCode, byte[] body, string? notificationId, bool isReplay, bool loseIt = false)
    {
        requests.Add(exchange.ToRecord(statusCode, notificationId, isReplay));
        var response = exchange.Context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (!loseIt)
        {
            await response.Body.WriteAsync(body, exchange.Context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The headers and half the body go out before the connection is cut: a pooled connection closed before
        // any byte of an answer may be resent by HttpClient itself, and the loss would never reach the caller.
        EmulatorLog.AnswerLost(logger, notificationId!, exchange.RequestId);
        await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), exchange.Context.RequestAborted).ConfigureAwait(false);
        await response.Body.FlushAsync(exchange.Context.RequestAborted).ConfigureAwait(false);
        exchange.Context.Abort();
    }
}
