namespace Smooven.Client.Serialization;

/// <summary>The body Smooven usually sends with an error: <c>{ "error": { ... } }</c>.</summary>
internal sealed class ApiErrorEnvelope
{
    public ApiErrorBody? Error { get; set; }
}

/// <summary>The <c>error</c> object inside <see cref="ApiErrorEnvelope"/>.</summary>
internal sealed class ApiErrorBody
{
    public string? Type { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}
