using System.Globalization;
using Microsoft.Extensions.Logging;
using Smooven.Client.Testing.Diagnostics;
using Smooven.Client.Testing.Recording;

namespace Smooven.Client.Testing.Callbacks;

/// <summary>
/// Delivers one callback at least once: a first attempt, then up to one retry per configured
/// delay (5 s, 30 s, 2 min) while the receiver gives no 2xx, each attempt signed anew.
/// </summary>
internal sealed class CallbackDelivery(
    CallbackSender sender,
    IReadOnlyList<TimeSpan> retryDelays,
    bool duplicateFirstAttempt,
    TimeProvider timeProvider,
    Recorder<CallbackAttempt> attempts,
    ILogger logger)
{
    /// <param name="callback">The callback.</param>
    /// <param name="firstAttemptDone">Set once the first attempt (and its injected duplicate) has
    /// an answer or has failed, so the next callback of the notification can follow it.</param>
    /// <param name="stopping">Cancelled when the emulator is disposed.</param>
    public async Task DeliverAsync(PlannedCallback callback, TaskCompletionSource firstAttemptDone, CancellationToken stopping)
    {
        try
        {
            for (var attemptNumber = 1; ; attemptNumber++)
            {
                var attempt = await sender.SendAsync(callback, attemptNumber, isDuplicate: false, stopping).ConfigureAwait(false);
                var willRetry = !attempt.IsAcknowledged && attemptNumber <= retryDelays.Count;

                // The retry timer starts before the attempt is recorded: a test that awaits the
                // recorded attempt and then advances a fake clock cannot outrun it.
                var retryDelay = willRetry ? Task.Delay(retryDelays[attemptNumber - 1], timeProvider, stopping) : Task.CompletedTask;
                Record(attempt);
                if (attemptNumber == 1)
                {
                    if (duplicateFirstAttempt)
                    {
                        Record(await sender.SendAsync(callback, 1, isDuplicate: true, stopping).ConfigureAwait(false));
                    }

                    firstAttemptDone.TrySetResult();
                }

                if (attempt.IsAcknowledged)
                {
                    return;
                }

                if (!willRetry)
                {
                    EmulatorLog.CallbackAbandoned(logger, callback.Event, callback.NotificationId, attemptNumber);
                    return;
                }

                EmulatorLog.CallbackRetryScheduled(logger, callback.Event, callback.NotificationId, retryDelays[attemptNumber - 1].TotalSeconds);
                await retryDelay.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The emulator is shutting down; callbacks still due are dropped with it.
        }
        finally
        {
            firstAttemptDone.TrySetResult();
        }
    }

    private void Record(CallbackAttempt attempt)
    {
        var result = attempt.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? attempt.Error ?? "no answer";
        EmulatorLog.CallbackSent(logger, attempt.Event, attempt.NotificationId, attempt.Channel, attempt.AttemptNumber, attempt.IsDuplicate ? result + " (duplicate)" : result);
        attempts.Add(attempt);
    }
}
