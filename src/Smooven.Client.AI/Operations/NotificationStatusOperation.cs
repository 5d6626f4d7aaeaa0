using Microsoft.Extensions.AI;
using Smooven.Client.AI.Functions;
using Smooven.Client.AI.Results;

namespace Smooven.Client.AI.Operations;

/// <summary>What <c>get_notification_status</c> does: read what the tracker knows so far.</summary>
internal sealed class NotificationStatusOperation(DeliveryTracker tracker)
{
    public ToolResult Run(AIFunctionArguments arguments)
    {
        var reader = new ArgumentReader(arguments);
        var notificationId = reader.RequiredString("notification_id", "\"ntf_3orco8b1v42f\", as notify_user returned it")?.Trim();
        if (reader.Problem is not null)
        {
            return ToolResults.Invalid(reader.Problem);
        }

        return OutcomeResults.FromStatus(notificationId!, tracker.GetStatus(notificationId!));
    }
}
