using System.Text.Json.Serialization;

namespace Smooven.Client;

/// <summary>Smooven's answer to an accepted notify request.</summary>
public sealed class NotifyResponse
{
    [JsonConstructor]
    internal NotifyResponse(string notificationId, string? status)
    {
        NotificationId = notificationId;
        Status = status;
    }

    /// <summary>The id Smooven gave the notification, such as <c>ntf_abc123def456</c>; status
    /// callbacks carry it.</summary>
    public string NotificationId { get; }

    /// <summary>The status at acceptance, usually <c>queued</c>.</summary>
    public string? Status { get; }

    /// <inheritdoc />
    public override string ToString() => $"{NotificationId} ({Status})";
}
