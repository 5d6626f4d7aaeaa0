using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using Smooven.Client.AI.Functions;
using Smooven.Client.AI.Results;

namespace Smooven.Client.Mcp.Tools;

/// <summary>Translates between an MCP tools/call and the tools' shared operations.</summary>
internal static class McpToolCalls
{
    /// <summary>A tool as MCP hosts list it: the shared result schema, and hints that are never destructive.</summary>
    public static Tool Describe(string name, string title, string description, JsonElement inputSchema, bool readOnly, bool openWorld) => new()
    {
        Name = name,
        Title = title,
        Description = description,
        InputSchema = inputSchema,
        OutputSchema = ToolSchemas.Result,
        Annotations = new ToolAnnotations
        {
            Title = title,
            ReadOnlyHint = readOnly,
            DestructiveHint = false,
            IdempotentHint = readOnly, // a send is not: the same call again would notify again
            OpenWorldHint = openWorld,
        },
    };

    /// <summary>The call's arguments as the shared operations read them: JSON values, as a model wrote them.</summary>
    public static AIFunctionArguments ArgumentsOf(CallToolRequestParams? call)
    {
        var arguments = new AIFunctionArguments();
        foreach (var (name, value) in call?.Arguments ?? new Dictionary<string, JsonElement>())
        {
            arguments[name] = value;
        }

        return arguments;
    }

    /// <summary>
    /// The result twice, as MCP asks: structured content for hosts that read it, and the same JSON as
    /// text for those that do not. Bad arguments and failures to reach Smooven are marked as errors.
    /// </summary>
    public static CallToolResult ToCallToolResult(ToolResult result) => new()
    {
        Content = [new TextContentBlock { Text = ToolJson.ToText(result) }],
        StructuredContent = ToolJson.ToElement(result),
        IsError = result.Status is ToolStatus.Invalid or ToolStatus.Error,
    };
}
