using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>Checks a <see cref="NotifyRequest"/> before any I/O and shapes it for the wire.</summary>
internal static class NotifyRequestValidator
{
    public const int MaxIdempotencyKeyLength = 255;

    public static NotifyRequestPayload ToPayload(NotifyRequest request, Uri? defaultCallbackUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Intent))
        {
            throw new ArgumentException(
                "NotifyRequest.Intent must not be empty. Say in plain words what the notification should achieve, " +
                "such as \"Remind Sarah about her appointment\".",
                nameof(request));
        }

        var callbackUrl = request.CallbackUrl ?? defaultCallbackUrl;
        if (callbackUrl is not null && !UriRules.IsAbsoluteHttp(callbackUrl))
        {
            throw new ArgumentException(
                $"NotifyRequest.CallbackUrl must be an absolute http or https URL such as https://your-server.example/webhooks/smooven; it is '{callbackUrl}'.",
                nameof(request));
        }

        if (request.Context is { UserId: not null } context && context.AdditionalProperties.ContainsKey("user_id"))
        {
            // Both would be written, as two "user_id" properties: which recipient Smooven picks is anyone's guess.
            throw new ArgumentException(
                "NotifyRequest.Context names the recipient twice: in NotifyContext.UserId and in NotifyContext.AdditionalProperties[\"user_id\"]. " +
                "Set only NotifyContext.UserId, and remove \"user_id\" from AdditionalProperties.",
                nameof(request));
        }

        if (request.IdempotencyKey is { } key)
        {
            ThrowIfInvalidIdempotencyKey(key, nameof(request));
        }

        var urgency = request.Urgency == default ? Urgency.Normal : request.Urgency;
        return new NotifyRequestPayload
        {
            Intent = request.Intent,
            Urgency = urgency.ToString(),
            Context = request.Context,
            CallbackUrl = callbackUrl?.AbsoluteUri,
        };
    }

    /// <summary>The rule for <see cref="NotifyRequest.IdempotencyKey"/>, wherever a key is given.</summary>
    public static void ThrowIfInvalidIdempotencyKey(string key, string paramName)
    {
        if (!IsValidIdempotencyKey(key))
        {
            throw new ArgumentException(
                $"NotifyRequest.IdempotencyKey must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters (space to '~'); " +
                $"it has {key.Length} character(s). Derive it from a stable id, such as the agent's tool call id, or leave it null to have one generated.",
                paramName);
        }

        if (key is [' ', ..] or [.., ' '])
        {
            // HTTP drops spaces around a header value: 'k ' would be the same key as 'k', and a key of spaces no key at all.
            throw new ArgumentException(
                "NotifyRequest.IdempotencyKey must not begin or end with a space, which HTTP drops on the way: a key of spaces " +
                "would reach Smooven as no key at all, so nothing would stop a second notification. Trim it, or leave it null to have one generated.",
                paramName);
        }
    }

    private static bool IsValidIdempotencyKey(string key)
    {
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
