using System.Globalization;
using System.Text.Json;
using Smooven.Client.AI.Results;

namespace Smooven.Client.AI.Functions;

/// <summary>The tools' names, descriptions and JSON schemas, written by hand for a model to read.</summary>
internal static class ToolSchemas
{
    public const string NotifyUserName = "notify_user";

    public const string NotifyUserDescription =
        "Notify a person through Smooven, which picks the channel (SMS, email, push or RCS) and writes the message from your intent. " +
        "By default waits for the outcome. Returns JSON: status (delivered, failed, timed_out, sent, rate_limited, not_allowed, invalid, dry_run or error), " +
        "notification_id, channel, events, retry_after_seconds when you should wait, and a message saying what to do next. " +
        "The same intent to the same user again soon after is not sent twice, unless at a higher urgency (an escalation).";

    public const string GetNotificationStatusName = "get_notification_status";

    public const string GetNotificationStatusDescription =
        "Look up what is known so far about a notification sent with notify_user: status (delivered, opened, clicked, failed, or sent while on its way), " +
        "channel and the events in arrival order. Use it after notify_user answered sent or timed_out. Read-only.";

    public static readonly JsonElement GetNotificationStatus = ToolJson.Schema("""
        {
          "type": "object",
          "properties": {
            "notification_id": { "type": "string", "description": "The notification_id that notify_user returned, such as ntf_3orco8b1v42f." }
          },
          "required": ["notification_id"],
          "additionalProperties": false
        }
        """);

    public static readonly JsonElement Result = ToolJson.Schema("""
        {
          "type": "object",
          "properties": {
            "status": { "type": "string", "enum": ["delivered", "opened", "clicked", "failed", "timed_out", "sent", "rate_limited", "not_allowed", "invalid", "dry_run", "error"] },
            "notification_id": { "type": "string" },
            "channel": { "type": "string", "description": "sms, email, push or rcs: the channel last used." },
            "events": { "type": "array", "items": { "type": "string" }, "description": "Event names in arrival order, such as queued, sent, delivered." },
            "retry_after_seconds": { "type": "integer", "description": "Wait this long before trying again." },
            "duplicate": { "type": "boolean", "description": "True when an earlier notification with the same intent was returned instead of sending again." },
            "request": { "type": "object", "description": "In a dry run: the request that would have been sent." },
            "message": { "type": "string", "description": "What happened and what to do next." }
          },
          "required": ["status", "message"]
        }
        """);

    /// <summary>The notify_user input schema; its timeout limits follow <see cref="SmoovenAIToolOptions.MaxWait"/>.</summary>
    public static JsonElement NotifyUser(TimeSpan maxWait)
    {
        // Whole milliseconds, not whole seconds: a MaxWait under a second must not make the maximum 0, which
        // exclusiveMinimum 0 forbids, nor the default 0.
        var max = Math.Floor(maxWait.TotalMilliseconds) / 1000;
        var defaultTimeout = Math.Min(NotifyUserInput.DefaultTimeoutSeconds, max);
        return ToolJson.Schema(string.Format(
            CultureInfo.InvariantCulture,
            """
            {{
              "type": "object",
              "properties": {{
                "intent": {{ "type": "string", "description": "What the notification should achieve, in plain words, such as \"Remind Sarah about her appointment at 9:00 tomorrow\". Smooven writes the message." }},
                "user_id": {{ "type": "string", "description": "Who to notify: their user id in this application, such as sarah@example.com." }},
                "urgency": {{ "type": "string", "enum": ["low", "normal", "high", "critical"], "default": "normal", "description": "How urgent it is; a higher urgency may use a more intrusive channel. Default normal." }},
                "wait_for_outcome": {{ "type": "boolean", "default": true, "description": "Wait until it is delivered or has failed, up to timeout_seconds. Default true; false answers at once with status sent." }},
                "timeout_seconds": {{ "type": "number", "exclusiveMinimum": 0, "maximum": {0}, "default": {1}, "description": "How long to wait for the outcome, in seconds. Default {1}, at most {0}." }}
              }},
              "required": ["intent", "user_id"],
              "additionalProperties": false
            }}
            """,
            max,
            defaultTimeout));
    }
}
