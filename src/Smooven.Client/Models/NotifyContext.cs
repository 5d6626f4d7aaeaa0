using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>
/// Free-form facts about a notification. <see cref="UserId"/> names the recipient; anything
/// else goes into <see cref="AdditionalProperties"/> and is sent as it is.
/// </summary>
/// <example>
/// <code>
/// var context = new NotifyContext
/// {
///     UserId = "sarah@example.com",
///     AdditionalProperties = { ["appointment_at"] = "2026-03-05T09:00:00+11:00" },
/// };
/// </code>
/// </example>
[JsonConverter(typeof(NotifyContextJsonConverter))]
public sealed class NotifyContext
{
    /// <summary>The recipient, as Smooven knows them (an email address or your own user id).</summary>
    public string? UserId { get; set; }

    /// <summary>Any further properties, written beside <c>user_id</c> in the <c>context</c> object.</summary>
    public JsonObject AdditionalProperties { get; } = [];
}
