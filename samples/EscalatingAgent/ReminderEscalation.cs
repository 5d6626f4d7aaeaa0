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

    public async Task<DeliveryResult> RunAsync(string name, string userId, string when, CancellationToken cancellationToken = default)
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
            result = await smooven.SendAndWaitAsync(
                new NotifyRequest
                {
                    Intent = intent,
                    Urgency = urgency,
                    Context = new NotifyContext { UserId = userId },
                    CallbackUrl = callbackUrl,
                },
                AttemptTimeout,
                cancellationToken);
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

    private static string Describe(DeliveryResult result) => result.Outcome switch
    {
        DeliveryOutcome.TimedOut => $"no outcome within the timeout ({result.Callbacks.Count} callback(s) seen)",
        _ => $"{result.Outcome.ToString().ToLowerInvariant()} via {result.FinalCallback?.ChannelUsed}, after " +
            string.Join(", ", result.Callbacks.Select(c => c.Status ?? c.Event.ToString())),
    };
}
