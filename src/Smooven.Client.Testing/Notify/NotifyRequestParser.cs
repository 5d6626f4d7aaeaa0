using System.Text.Json;
using Smooven.Client.Testing.Wire;

namespace Smooven.Client.Testing.Notify;

/// <summary>A notify body that passed validation.</summary>
internal sealed record ParsedNotify(string Intent, Urgency Urgency, string? UserId, JsonElement? Context, Uri? CallbackUrl);

/// <summary>
/// Checks a notify body as the service does (wire contract, section 1) and says what is wrong
/// in the service's error shape: 400 when it is not a JSON object, 422 when a field is invalid.
/// </summary>
internal static class NotifyRequestParser
{
    private static readonly string[] KnownUrgencies = ["low", "normal", "high", "critical"];

    public static bool TryParse(ReadOnlyMemory<byte> body, out ParsedNotify? parsed, out ApiError? error)
    {
        parsed = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = ApiError.MalformedRequest("invalid_json", $"The request body is not valid JSON: {ex.Message}");
            return false;
        }

        using (document)
        {
            error = Validate(document.RootElement, out parsed);
            return error is null;
        }
    }

    private static ApiError? Validate(JsonElement root, out ParsedNotify? parsed)
    {
        parsed = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ApiError.MalformedRequest("invalid_json", $"The request body must be a JSON object, not {root.ValueKind}.");
        }

        if (!root.TryGetProperty("intent", out var intentElement) || intentElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(intentElement.GetString()))
        {
            return ApiError.InvalidRequest("intent_required", "'intent' is required: a non-empty string saying what the notification should achieve.");
        }

        var urgency = Urgency.Normal;
        if (root.TryGetProperty("urgency", out var urgencyElement) && urgencyElement.ValueKind != JsonValueKind.Null)
        {
            var value = urgencyElement.ValueKind == JsonValueKind.String ? urgencyElement.GetString() : null;
            if (value is null || !KnownUrgencies.Contains(value, StringComparer.Ordinal))
            {
                return ApiError.InvalidRequest("invalid_urgency", $"'urgency' must be one of {string.Join(", ", KnownUrgencies)}; it is {urgencyElement.GetRawText()}.");
            }

            urgency = new Urgency(value);
        }

        JsonElement? context = null;
        string? userId = null;
        if (root.TryGetProperty("context", out var contextElement) && contextElement.ValueKind != JsonValueKind.Null)
        {
            if (contextElement.ValueKind != JsonValueKind.Object)
            {
                return ApiError.InvalidRequest("invalid_context", $"'context' must be a JSON object; it is {contextElement.ValueKind}.");
            }

            if (contextElement.TryGetProperty("user_id", out var userIdElement) && userIdElement.ValueKind != JsonValueKind.Null)
            {
                if (userIdElement.ValueKind != JsonValueKind.String)
                {
                    return ApiError.InvalidRequest("invalid_user_id", $"'context.user_id' must be a string; it is {userIdElement.ValueKind}.");
                }

                userId = userIdElement.GetString();
            }

            context = contextElement.Clone();
        }

        Uri? callbackUrl = null;
        if (root.TryGetProperty("callback_url", out var callbackElement) && callbackElement.ValueKind != JsonValueKind.Null)
        {
            var value = callbackElement.ValueKind == JsonValueKind.String ? callbackElement.GetString() : null;
            if (value is null || !Uri.TryCreate(value, UriKind.Absolute, out callbackUrl)
                || (callbackUrl.Scheme != Uri.UriSchemeHttp && callbackUrl.Scheme != Uri.UriSchemeHttps))
            {
                return ApiError.InvalidRequest("invalid_callback_url", $"'callback_url' must be an absolute http or https URL; it is {callbackElement.GetRawText()}.");
            }

            // Callbacks carry the intent and the user id: an emulator that stays on this machine must not post them elsewhere.
            if (!callbackUrl.IsLoopback)
            {
                return ApiError.InvalidRequest("invalid_callback_url", $"'callback_url' must be on this machine (127.0.0.1, [::1] or localhost), since the emulator "
                    + $"never sends anything over the network; it is {callbackElement.GetRawText()}. Point it at your webhook endpoint on loopback.");
            }
        }

        parsed = new ParsedNotify(intentElement.GetString()!, urgency, userId, context, callbackUrl);
        return null;
    }
}
