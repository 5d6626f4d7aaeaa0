using System.Text.Json;
using Microsoft.Extensions.AI;
using Smooven.Client.AI.Operations;
using Smooven.Client.AI.Results;

namespace Smooven.Client.AI.Functions;

/// <summary><c>notify_user</c> as an <see cref="AIFunction"/>: answers a JSON object, never throws for a bad call.</summary>
internal sealed class NotifyUserFunction(NotifyUserOperation operation, TimeSpan maxWait) : AIFunction
{
    private readonly JsonElement _schema = ToolSchemas.NotifyUser(maxWait);

    public override string Name => ToolSchemas.NotifyUserName;

    public override string Description => ToolSchemas.NotifyUserDescription;

    public override JsonElement JsonSchema => _schema;

    public override JsonElement? ReturnJsonSchema => ToolSchemas.Result;

    public override JsonSerializerOptions JsonSerializerOptions => ToolJson.Options;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var result = await operation.RunAsync(arguments, ToolCallIdOf(arguments), null, cancellationToken).ConfigureAwait(false);
        return ToolJson.ToElement(result);
    }

    /// <summary>
    /// The id of the tool call being run: from the function-invoking chat client when the function it is
    /// running is this one, or a wrapper of it such as an approval (run inside another function's call, such
    /// as a workflow the model called, that call's id would name every send the workflow makes), or else put
    /// in the arguments' context by the host.
    /// </summary>
    private string? ToolCallIdOf(AIFunctionArguments arguments) =>
        (FunctionInvokingChatClient.CurrentContext is { } running && running.Function.GetService<NotifyUserFunction>() == this ? running.CallContent.CallId : null)
        ?? (arguments.Context is { } context && context.TryGetValue(SmoovenAITools.ToolCallIdKey, out var id) ? id as string : null);
}
