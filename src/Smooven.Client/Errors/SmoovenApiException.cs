using System.Net;

namespace Smooven.Client;

/// <summary>
/// Smooven answered with a status other than 2xx. The properties carry what the service said,
/// so callers can decide whether to fix the request, back off, or escalate.
/// </summary>
public class SmoovenApiException : SmoovenException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SmoovenApiException()
        : base("Smooven refused the request.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SmoovenApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public SmoovenApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception from what Smooven answered; the message is composed from
    /// the parts so that it reads well in a log line.</summary>
    /// <param name="statusCode">The HTTP status Smooven answered with.</param>
    /// <param name="errorType">The <c>error.type</c> of a JSON error body, if any.</param>
    /// <param name="errorCode">The <c>error.code</c> of a JSON error body, if any.</param>
    /// <param name="errorMessage">The <c>error.message</c> of a JSON error body, if any.</param>
    /// <param name="requestId">The <c>X-Request-Id</c> response header, if any.</param>
    /// <param name="responseBody">The raw response body, cut to 4,096 characters, if any.</param>
    /// <param name="retryAfter">The delay the <c>Retry-After</c> header asked for, if any.</param>
    public SmoovenApiException(
        HttpStatusCode statusCode,
        string? errorType,
        string? errorCode,
        string? errorMessage,
        string? requestId,
        string? responseBody,
        TimeSpan? retryAfter)
        : this(statusCode, errorType, errorCode, errorMessage, requestId, responseBody, retryAfter, advice: null)
    {
    }

    // The advice ends the message: what the caller can do about this answer, when the SDK knows.
    internal SmoovenApiException(
        HttpStatusCode statusCode,
        string? errorType,
        string? errorCode,
        string? errorMessage,
        string? requestId,
        string? responseBody,
        TimeSpan? retryAfter,
        string? advice)
        : base(ComposeMessage(statusCode, errorType, errorCode, errorMessage, requestId, retryAfter) + (advice is null ? null : " " + advice))
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
        ResponseBody = responseBody;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status Smooven answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error's type from a JSON error body, such as <c>invalid_request</c>.</summary>
    public string? ErrorType { get; }

    /// <summary>The error's code from a JSON error body, such as <c>intent_required</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The human-readable message from a JSON error body.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Smooven's id for the request (<c>X-Request-Id</c>); quote it to support.</summary>
    public string? RequestId { get; }

    /// <summary>The raw response body, cut to 4,096 characters; useful when it was not JSON.</summary>
    public string? ResponseBody { get; }

    /// <summary>How long Smooven asked the caller to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The <c>error.type</c> of a refused Idempotency-Key (wire contract): a key reused for another request.</summary>
    private const string IdempotencyErrorType = "idempotency_error";

    // Whatever words the service chose, say what went wrong on the caller's side and how to fix it.
    private const string ReusedKeyHint =
        " The Idempotency-Key was already used for a request with a different body. That is almost always a bug in " +
        "the calling code: use a new key for each distinct request, and repeat a key only to retry the identical request.";

    private static string ComposeMessage(
        HttpStatusCode statusCode,
        string? errorType,
        string? errorCode,
        string? errorMessage,
        string? requestId,
        TimeSpan? retryAfter)
    {
        var text = new System.Text.StringBuilder("Smooven returned ").Append((int)statusCode);
        if (errorType is not null)
        {
            text.Append(' ').Append(errorType);
        }
        else if (Enum.IsDefined(statusCode))
        {
            text.Append(' ').Append(statusCode);
        }

        if (errorCode is not null)
        {
            text.Append(" (").Append(errorCode).Append(')');
        }

        text.Append(errorMessage is null ? "." : ": " + errorMessage.TrimEnd('.') + ".");
        if (string.Equals(errorType, IdempotencyErrorType, StringComparison.Ordinal))
        {
            text.Append(ReusedKeyHint);
        }
        if (retryAfter is { } delay)
        {
            text.Append(" Retry after ").Append(delay.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).Append(" s.");
        }

        if (requestId is not null)
        {
            text.Append(" Request id ").Append(requestId).Append('.');
        }

        return text.ToString();
    }
}
