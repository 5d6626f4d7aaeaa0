using Microsoft.Extensions.Logging;
using Smooven.Client;
using Smooven.Client.AspNetCore;

namespace WebhookReceiver;

/// <summary>
/// Logs each verified callback as one line of its notification's timeline. Callbacks can come in
/// any order and more than once, so a real handler keys its work on NotificationId and Event.
/// </summary>
public sealed partial class TimelineLogger(ILogger<TimelineLogger> logger) : ISmoovenCallbackHandler
{
    public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
    {
        LogCallback(logger, callback.NotificationId, callback.Event, callback.ChannelUsed?.ToString() ?? "-", callback.Timestamp);
        if (callback.IsTerminal)
        {
            LogOutcome(logger, callback.NotificationId, callback.Status ?? callback.Event.ToString());
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "{NotificationId}  {Event,-24} via {Channel,-5} at {Timestamp:HH:mm:ss}")]
    private static partial void LogCallback(ILogger logger, string notificationId, CallbackEvent @event, string channel, DateTimeOffset timestamp);

    [LoggerMessage(LogLevel.Information, "{NotificationId}  settled: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string notificationId, string outcome);
}
