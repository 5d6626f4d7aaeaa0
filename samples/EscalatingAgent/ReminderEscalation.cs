using Smooven.Client;

namespace EscalatingAgent;

/// <summary>
/// Gets a reminder through: when a try fails or times out, try again more urgently and more
/// plainly, then report what finally happened.
/// </summary>
public sealed class ReminderEscalation(SmoovenClient smooven, Uri callbackUrl, TextWriter output)
{
    /// <summary>How long each try may take before the next, more urgent one.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Climbs the ladder. Null when a try could not be sent at all: a human must take over.</summary>
    public async Task<DeliveryResult?> RunAsync(string name, string userId, string when, CancellationToken cancellationToken = default)
    {
        (Urgency Urgency, string Intent)[] ladder =
        [
            (Urgency.Normal, $"Remind {name} about the appointment {when}"),
            (Urgency.High, $"{name} has an appointment {when}: make sure {name} sees this today"),
            (Urgency.Critical, $"Urgent: reach {name} now about the appointment {when}, on any channel"),
        ];

        DeliveryResult? result = null;
        foreach (var (urgency, intent) in ladder)
        {
            output.WriteLine($"Try {urgency,-8} \"{intent}\"");
            try
            {
                result = await SendAndWaitAsync(urgency, intent, userId, cancellationToken);
            }
            catch (SmoovenException ex)
            {
                // Refused, or still unsettled after the resend: a more urgent try would be refused alike,
                // or could reach the person twice. Unsettled, Smooven may be reaching the person already,
                // and whoever takes over must know it, or they reach the person a second time.
                var mayHaveBeenSent = ex.MayHaveBeenAccepted;
                output.WriteLine(mayHaveBeenSent ? $"  -> may have been sent: {ex.Message}" : $"  -> not sent: {ex.Message}");
                output.WriteLine();
                output.WriteLine(mayHaveBeenSent
                    ? $"Smooven may be reaching {name} already (Idempotency-Key {ex.IdempotencyKey}): hand over to a human, who checks before reaching {name} another way."
                    : $"Could not ask Smooven to reach {name}: hand over to a human.");
                return null;
            }

            output.WriteLine($"  -> {Describe(result)}");
            if (result.IsDelivered)
            {
                break;
            }
        }

        output.WriteLine();
        output.WriteLine(result!.IsDelivered
            ? $"{name} got the reminder ({result.NotificationId}, via {result.FinalCallback?.ChannelUsed})."
            : $"Could not reach {name} after {ladder.Length} tries: hand over to a human.");
        return result;
    }

    /// <summary>Sends one try and waits for its outcome; a try Smooven may have taken is sent once more, with its key.</summary>
    private async Task<DeliveryResult> SendAndWaitAsync(Urgency urgency, string intent, string userId, CancellationToken cancellationToken)
    {
        var request = new NotifyRequest
        {
            Intent = intent,
            Urgency = urgency,
            Context = new NotifyContext { UserId = userId },
            CallbackUrl = callbackUrl,
        };

        try
        {
            return await smooven.SendAndWaitAsync(request, AttemptTimeout, cancellationToken);
        }
        catch (SmoovenException ex) when (ex is { MayHaveBeenAccepted: true, IdempotencyKey: { } key })
        {
            // The answer was lost (or a gateway failed) even after the client's own retries, so Smooven may have
            // taken the request. A new call would send a second message; the same request with the same key gets
            // the first notification back, or sends it now if it never arrived.
            output.WriteLine($"  -> no answer from Smooven: sending the same request again, Idempotency-Key {key}");
            return await smooven.SendAndWaitAsync(request.WithIdempotencyKey(key), AttemptTimeout, cancellationToken);
        }
    }

    private static string Describe(DeliveryResult result) => result.Outcome switch
    {
        DeliveryOutcome.TimedOut => $"{result.NotificationId}: no outcome within the timeout ({result.Callbacks.Count} callback(s) seen)",
        _ => $"{result.NotificationId} {result.Outcome.ToString().ToLowerInvariant()} via {result.FinalCallback?.ChannelUsed}, after " +
            string.Join(", ", result.Callbacks.Select(c => c.Status ?? c.Event.ToString())),
    };
}
