using Microsoft.Extensions.Logging;
using Smooven.Client.Testing.Diagnostics;
using Smooven.Client.Testing.Recording;

namespace Smooven.Client.Testing.Callbacks;

/// <summary>
/// Sends a notification's callbacks one after another, <see cref="SmoovenEmulatorOptions.EventInterval"/>
/// apart. Each waits for the previous one's first attempt, so the natural order holds on the
/// wire unless a fault reorders it; retries run beside the later callbacks, as the service's do.
/// </summary>
internal sealed class CallbackScheduler(
    CallbackDelivery delivery, BackgroundWork work, TimeSpan eventInterval, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Starts sending the plan in the background.</summary>
    /// <returns>A task that completes when the first callback's first attempt is done, or at once
    /// for an empty plan.</returns>
    public Task Start(IReadOnlyList<PlannedCallback> plan, CancellationToken stopping)
    {
        if (plan.Count == 0)
        {
            return Task.CompletedTask;
        }

        var firstAttemptDone = NewSignal();
        work.Run(() => SendInTurnAsync(plan, firstAttemptDone, stopping));
        return firstAttemptDone.Task;
    }

    private async Task SendInTurnAsync(IReadOnlyList<PlannedCallback> plan, TaskCompletionSource firstAttemptDone, CancellationToken stopping)
    {
        try
        {
            for (var i = 0; i < plan.Count; i++)
            {
                if (i > 0 && eventInterval > TimeSpan.Zero)
                {
                    await Task.Delay(eventInterval, timeProvider, stopping).ConfigureAwait(false);
                }

                var callback = plan[i];
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    EmulatorLog.CallbackBody(logger, callback.NotificationId, System.Text.Encoding.UTF8.GetString(callback.Body));
                }

                var attemptDone = i == 0 ? firstAttemptDone : NewSignal();
                work.Run(() => delivery.DeliverAsync(callback, attemptDone, stopping));
                await attemptDone.Task.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the rest of the story is not told.
        }
        finally
        {
            firstAttemptDone.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
