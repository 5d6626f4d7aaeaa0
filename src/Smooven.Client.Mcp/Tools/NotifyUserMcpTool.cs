using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Smooven.Client.AI;
using Smooven.Client.AI.Functions;
using Smooven.Client.AI.Results;

namespace Smooven.Client.Mcp.Tools;

/// <summary>
/// <c>notify_user</c> for MCP hosts: the same operation as the AIFunction, with progress
/// notifications for each callback event while it waits, when the host asked for progress.
/// </summary>
internal sealed class NotifyUserMcpTool(SmoovenAITools tools) : McpServerTool
{
    public override Tool ProtocolTool { get; } = McpToolCalls.Describe(
        ToolSchemas.NotifyUserName,
        "Notify a person",
        ToolSchemas.NotifyUserDescription,
        ToolSchemas.NotifyUser(tools.Options.MaxWait),
        readOnly: false,
        openWorld: true);

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reporter = request.Params?.ProgressToken is { } token ? new ProgressReporter(request.Server, token) : null;
        var result = await tools.NotifyUser.RunAsync(
            McpToolCalls.ArgumentsOf(request.Params),
            toolCallId: null,
            reporter is null ? null : reporter.ReportAsync,
            cancellationToken).ConfigureAwait(false);
        return McpToolCalls.ToCallToolResult(result);
    }

    /// <summary>One progress notification per callback event, numbered in arrival order.</summary>
    private sealed class ProgressReporter(McpServer server, ProgressToken token)
    {
        private int _count;

        public async ValueTask ReportAsync(DeliveryCallback callback, CancellationToken cancellationToken)
        {
            _count++;
            var channel = callback.ChannelUsed is { } used ? " via " + used : string.Empty;
            await server.NotifyProgressAsync(
                token,
                new ProgressNotificationValue
                {
                    Progress = _count,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{OutcomeResults.EventName(callback.Event)}{channel}"),
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
