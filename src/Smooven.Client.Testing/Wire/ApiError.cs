namespace Smooven.Client.Testing.Wire;

/// <summary>An error answer in the service's shape: <c>{ "error": { "type", "code", "message" } }</c>.</summary>
internal sealed record ApiError(int StatusCode, string Type, string Code, string Message)
{
    public static ApiError InvalidRequest(string code, string message) => new(422, "invalid_request", code, message);

    public static ApiError MalformedRequest(string code, string message) => new(400, "invalid_request", code, message);
}
