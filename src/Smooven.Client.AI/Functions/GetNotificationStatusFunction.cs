using System.Text.Json;
using Microsoft.Extensions.AI;
using Smooven.Client.AI.Operations;
using Smooven.Client.AI.Results;

namespace Smooven.Client.AI.Functions;

/// <summary><c>get_notification_status</c> as an <see cref="AIFunction"/>: read-only, answers a JSON object.</summary>
internal sealed class GetNotificationStatusFunction(NotificationStatusOperation operation) : AIFunction
{
    public override string Name => ToolSchemas.GetNotificationStatusName;

    public override string Description => ToolSchemas.GetNotificationStatusDescription;

    public override JsonElement JsonSchema => ToolSchemas.GetNotificationStatus;

    public override JsonElement? ReturnJsonSchema => ToolSchemas.Result;

    public override JsonSerializerOptions JsonSerializerOptions => ToolJson.Options;

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        new(ToolJson.ToElement(operation.Run(arguments)));
}
