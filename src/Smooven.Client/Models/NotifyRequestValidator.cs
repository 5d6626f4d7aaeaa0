using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>Checks a <see cref="NotifyRequest"/> before any I/O and shapes it for the wire.</summary>
internal static class NotifyRequestValidator
{
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

        var urgency = request.Urgency == default ? Urgency.Normal : request.Urgency;
        return new NotifyRequestPayload
        {
            Intent = request.Intent,
            Urgency = urgency.ToString(),
            Context = request.Context,
            CallbackUrl = callbackUrl?.AbsoluteUri,
        };
    }
}
