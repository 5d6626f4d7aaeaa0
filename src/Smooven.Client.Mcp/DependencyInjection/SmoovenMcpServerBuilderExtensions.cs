using ModelContextProtocol.Server;
using Smooven.Client.AI;
using Smooven.Client.Mcp.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Smooven's tools to an MCP server.</summary>
public static class SmoovenMcpServerBuilderExtensions
{
    /// <summary>
    /// Exposes <c>notify_user</c> and <c>get_notification_status</c> on the MCP server, annotated, with
    /// structured results and, while <c>notify_user</c> waits, a progress notification per callback event.
    /// They share the <see cref="SmoovenAITools"/> singleton, registered here with default options unless
    /// <c>services.AddSmoovenAITools(...)</c> already did; <c>AddSmoovenClient</c> must be called too.
    /// </summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IMcpServerBuilder WithSmoovenTools(this IMcpServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSmoovenAITools();
        builder.Services.AddSingleton<McpServerTool>(provider => new NotifyUserMcpTool(provider.GetRequiredService<SmoovenAITools>()));
        builder.Services.AddSingleton<McpServerTool>(provider => new GetNotificationStatusMcpTool(provider.GetRequiredService<SmoovenAITools>()));
        return builder;
    }
}
