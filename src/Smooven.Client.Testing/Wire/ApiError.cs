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
}
