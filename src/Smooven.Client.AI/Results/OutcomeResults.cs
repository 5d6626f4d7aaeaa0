namespace Smooven.Client.AI.Results;

/// <summary>Results that report what became of a notification: from a wait, or from what the tracker knows.</summary>
internal static class OutcomeResults
{
    private const string EventPrefix = "notification.";

    public static ToolResult FromWait(DeliveryResult result, TimeSpan timeout)
    {
        if (result.Outcome == DeliveryOutcome.TimedOut)
        {
            var events = EventsOf(result.Callbacks);
            return new ToolResult
            {
                Status = ToolStatus.TimedOut,
                NotificationId = result.NotificationId,
                Channel = ChannelOf(result.Callbacks),
                Events = events,
                Message = $"No outcome within {ToolResults.Describe(timeout)}{SoFar(events)}; it may still arrive. " +
                    "Call get_notification_status later, or escalate (another channel, higher urgency, or a human) if it cannot wait.",
            };
        }

        return Reached(result.NotificationId, result.Outcome, result.Callbacks);
    }

    public static ToolResult FromStatus(string notificationId, NotificationStatus? status)
    {
        if (status is null)
        {
            return new ToolResult
            {
                Status = ToolStatus.Sent,
                NotificationId = notificationId,
                Events = [],
                Message = "No status callback has arrived for this notification yet (or the id is unknown, or older than this application remembers). " +
                    "If it was sent just now, check again in a little while.",
            };
        }

        if (status.Outcome is { } outcome)
        {
            return Reached(notificationId, outcome, status.Callbacks);
        }

        var events = EventsOf(status.Callbacks);
        return new ToolResult
        {
            Status = ToolStatus.Sent,
            NotificationId = notificationId,
            Channel = ChannelOf(status.Callbacks),
            Events = events,
            Message = $"Still on its way{SoFar(events)}. Check again in a little while.",
        };
    }

    public static string EventName(CallbackEvent callbackEvent)
    {
        var name = callbackEvent.ToString();
        return name.StartsWith(EventPrefix, StringComparison.Ordinal) ? name[EventPrefix.Length..] : name;
    }

    private static ToolResult Reached(string notificationId, DeliveryOutcome outcome, IReadOnlyList<DeliveryCallback> callbacks)
    {
        var channel = ChannelOf(callbacks);
        var via = channel is null ? string.Empty : " via " + channel;
        var (status, message) = outcome switch
        {
            DeliveryOutcome.Delivered => (ToolStatus.Delivered, $"Delivered{via}. Tell the user it arrived; there is nothing else to do."),
            DeliveryOutcome.Opened => (ToolStatus.Opened, $"Delivered{via} and opened by the recipient. There is nothing else to do."),
            DeliveryOutcome.Clicked => (ToolStatus.Clicked, $"Delivered{via}; the recipient opened it and followed its link. There is nothing else to do."),
            _ => (ToolStatus.Failed, $"Smooven could not deliver it{(channel is null ? string.Empty : " (last tried " + channel + ")")}. " +
                "Try another channel or escalate: notify again with a higher urgency, or tell a human."),
        };
        return new ToolResult { Status = status, NotificationId = notificationId, Channel = channel, Events = EventsOf(callbacks), Message = message };
    }

    private static string[] EventsOf(IReadOnlyList<DeliveryCallback> callbacks) =>
        [.. callbacks.Select(c => EventName(c.Event))];

    private static string? ChannelOf(IReadOnlyList<DeliveryCallback> callbacks) =>
        callbacks.LastOrDefault(c => c.ChannelUsed is not null)?.ChannelUsed?.ToString();

    private static string SoFar(string[] events) =>
        events.Length == 0 ? " (no event yet)" : " (events so far: " + string.Join(", ", events) + ")";
}
