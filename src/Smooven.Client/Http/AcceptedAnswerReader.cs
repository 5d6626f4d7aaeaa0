using System.Net;
using System.Text.Json;
using Smooven.Client.Serialization;

namespace Smooven.Client.Http;

/// <summary>Reads Smooven's 2xx answer to a notify request into a <see cref="NotifyResponse"/>.</summary>
internal static class AcceptedAnswerReader
{
    // Parsed from the bytes in one pass: the stream and charset handling of ReadFromJsonAsync
    // cost more than the tiny answer itself, and Smooven answers UTF-8 JSON (a BOM is tolerated).
    // Smooven took the request whatever the body says, so each error gives the key that asks it again safely.
    public static NotifyResponse Read(byte[] body, HttpStatusCode statusCode, string idempotencyKey)
    {
        ReadOnlySpan<byte> json = body;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        NotifyResponse? accepted;
        try
        {
            accepted = JsonSerializer.Deserialize(json, SmoovenJsonContext.Default.NotifyResponse);
        }
        catch (JsonException ex)
        {
            throw new SmoovenException($"Smooven answered {(int)statusCode} but its body is not the expected JSON: {ex.Message} {RetryAdvice.SameKey(idempotencyKey)}", ex)
            {
                IdempotencyKey = idempotencyKey,
                MayHaveBeenAccepted = true,
            };
        }

        if (accepted is null || string.IsNullOrEmpty(accepted.NotificationId))
        {
            throw new SmoovenException($"Smooven answered {(int)statusCode} without a notification_id; the notification cannot be tracked. {RetryAdvice.SameKey(idempotencyKey)}")
            {
                IdempotencyKey = idempotencyKey,
                MayHaveBeenAccepted = true,
            };
        }

        return accepted;
    }
}
