namespace Smooven.Client.Testing.Wire;

/// <summary>An error answer in the service's shape: <c>{ "error": { "type", "code", "message" } }</c>.</summary>
internal sealed record ApiError(int StatusCode, string Type, string Code, string Message)
{
    public static ApiError InvalidRequest(string code, string message) => new(422, "invalid_request", code, message);

    /// <summary>
    /// 422, as the IETF Idempotency-Key draft asks for a key reused with another payload; Stripe
    /// answers 400. Not 409: that draft keeps 409 for a repeat that arrives while the first is in flight.
    /// </summary>
    public static ApiError IdempotencyKeyReused(string key) => new(
        422,
        "idempotency_error",
        "idempotency_key_reused",
        $"The Idempotency-Key '{key}' was already used, within 24 h, for a request with a different body. " +
        "A retry must repeat the body exactly; a new request needs a new key.");

    public static ApiError MalformedRequest(string code, string message) => new(400, "invalid_request", code, message);

    /// <summary>
    /// The answer to a notify request refused by <see cref="EmulatorFaults.RejectFirstNotifyRequests"/>:
    /// the type, code and message the service would give that status. Only the statuses the wire
    /// contract retries (408, 429, 500, 502, 503, 504) tell the caller to retry.
    /// </summary>
    public static ApiError Rejection(int status) => status switch
    {
        400 => new(status, "invalid_request", "bad_request", "The request could not be understood. Do not retry it unchanged."),
        401 => new(status, "authentication_error", "invalid_api_key", "The secret key in the Authorization header was not accepted. Do not retry; check the key."),
        403 => new(status, "permission_error", "forbidden", "This secret key is not allowed to send this notification. Do not retry; check what the key may do."),
        404 => new(status, "invalid_request", "not_found", "There is no such resource. Do not retry; check the base address."),
        405 => new(status, "invalid_request", "method_not_allowed", "This method is not allowed here. Do not retry it unchanged."),
        408 => new(status, "api_error", "request_timeout", RetryLater("The request took too long to arrive")),
        409 => new(status, "invalid_request", "request_in_progress", "A request with this Idempotency-Key is still being processed. Send it again later with the same key; a new key could send a second notification."),
        413 => new(status, "invalid_request", "request_too_large", "The request body is too large. Do not retry it unchanged."),
        422 => new(status, "invalid_request", "unprocessable_request", "The request was understood but cannot be processed. Do not retry it unchanged."),
        429 => new(status, "rate_limit_error", "rate_limited", "Too many requests; retry after the Retry-After delay with the same Idempotency-Key."),
        500 => new(status, "api_error", "internal_error", RetryLater("Smooven had an internal error")),
        501 => new(status, "api_error", "not_implemented", "This request is not supported. Do not retry it."),
        502 => new(status, "api_error", "bad_gateway", RetryLater("Smooven's gateway got no valid answer")),
        503 => new(status, "api_error", "service_unavailable", RetryLater("Smooven is temporarily unavailable")),
        504 => new(status, "api_error", "gateway_timeout", RetryLater("Smooven's gateway timed out")),
        < 500 => new(status, "invalid_request", "request_refused", $"The request was refused with {status}. Do not retry it unchanged."),
        _ => new(status, "api_error", "server_error", $"Smooven failed with {status}. Do not retry it unchanged."),
    };

    private static string RetryLater(string what) => what + "; retry with the same Idempotency-Key.";
}
