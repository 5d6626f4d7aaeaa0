using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.LoadTests.Runs.Notify;

/// <summary>
/// What a user would write without the SDK: HttpClient and source-generated JSON, the same
/// headers and body on the wire, and no retries, validation, telemetry or logging.
/// </summary>
internal sealed class RawNotifySender(HttpClient httpClient, Uri baseAddress, string secretKey)
{
    // As long as the SDK's own User-Agent, so both sides put the same number of bytes on the wire.
    private static readonly string UserAgent =
        $"raw-httpclient/0.1.0 (.NET {Environment.Version}; {System.Runtime.InteropServices.RuntimeInformation.OSDescription})";

    private readonly Uri _notifyUri = new(baseAddress, "v1/agent/notify");
    private readonly string _authorization = "Bearer " + secretKey;

    public async Task<string> SendAsync(RawNotifyBody body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _notifyUri);
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, RawJsonContext.Default.RawNotifyBody));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync(RawJsonContext.Default.RawAccepted, cancellationToken);
        return accepted?.NotificationId ?? throw new InvalidOperationException("No notification_id in the answer.");
    }
}

internal sealed class RawNotifyBody
{
    public required string Intent { get; init; }

    public required string Urgency { get; init; }

    public RawContext? Context { get; init; }

    public string? CallbackUrl { get; init; }
}

internal sealed class RawContext
{
    public string? UserId { get; init; }
}

internal sealed class RawAccepted
{
    public string? NotificationId { get; init; }

    public string? Status { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawNotifyBody))]
[JsonSerializable(typeof(RawAccepted))]
internal sealed partial class RawJsonContext : JsonSerializerContext
{
}
