using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Smooven.Client.AI;
using Smooven.Client.AI.Functions;

namespace Smooven.Client.Mcp.Tools;

/// <summary><c>get_notification_status</c> for MCP hosts: read-only, reads what the tracker knows.</summary>
internal sealed class GetNotificationStatusMcpTool(SmoovenAITools tools) : McpServerTool
{
    public override Tool ProtocolTool { get; } = McpToolCalls.Describe(
        ToolSchemas.GetNotificationStatusName,
        "Notification status",
        ToolSchemas.GetNotificationStatusDescription,
        ToolSchemas.GetNotificationStatus,
        readOnly: true,
        openWorld: false);

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(McpToolCalls.ToCallToolResult(tools.Status.Run(McpToolCalls.ArgumentsOf(request.Params))));
    }
}
