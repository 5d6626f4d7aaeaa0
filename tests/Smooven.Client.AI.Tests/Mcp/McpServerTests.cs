using System.Text.Json;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Mcp;

/// <summary>WithSmoovenTools() seen from an MCP host: the C# MCP client over a pair of pipes.</summary>
public class McpServerTests
{
    [Fact]
    public async Task Lists_both_tools_with_schemas_and_annotations()
    {
        await using var host = await AgentHost.StartAsync();
        await using var mcp = await McpPair.StartAsync(host);

        var tools = (await mcp.Client.ListToolsAsync().AsTask().WaitAsync(AgentRun.Patience)).ToDictionary(t => t.Name);

        Assert.Equal(["get_notification_status", "notify_user"], tools.Keys.Order());
        var notify = tools["notify_user"].ProtocolTool;
        Assert.Equal(["intent", "user_id"], notify.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("object", notify.OutputSchema!.Value.GetProperty("type").GetString());
        Assert.True(notify.Annotations!.OpenWorldHint);
        Assert.False(notify.Annotations.IdempotentHint);
        Assert.False(notify.Annotations.ReadOnlyHint);
        Assert.False(notify.Annotations.DestructiveHint);
        var status = tools["get_notification_status"].ProtocolTool;
        Assert.True(status.Annotations!.ReadOnlyHint);
        Assert.Equal(["notification_id"], status.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Notify_user_reports_each_event_as_progress_then_the_structured_result()
    {
        await using var host = await AgentHost.StartAsync();
        await using var mcp = await McpPair.StartAsync(host);
        await using var progress = new ProgressRecorder(mcp.Client, expected: 3);

        var result = await mcp.Client.CallToolAsync(
            "notify_user",
            new Dictionary<string, object?> { ["intent"] = "Remind Sarah about her appointment", ["user_id"] = "sarah@example.com" },
            new Progress<ModelContextProtocol.ProgressNotificationValue>()).AsTask().WaitAsync(AgentRun.Patience);
        await progress.Enough.WaitAsync(AgentRun.Patience);

        var structured = JsonSerializer.SerializeToElement(result.StructuredContent);
        Assert.Equal("delivered", AgentRun.Status(structured));
        Assert.Equal(["queued", "sent", "delivered"], AgentRun.Events(structured));
        Assert.NotEqual(true, result.IsError);
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal("delivered", AgentRun.Status(JsonDocument.Parse(text).RootElement));
        var reported = progress.InOrder();
        Assert.Equal([1.0, 2.0, 3.0], reported.Select(v => v.Progress));
        Assert.Equal(["queued via sms", "sent via sms", "delivered via sms"], reported.Select(v => v.Message));
    }

    [Fact]
    public async Task Bad_arguments_come_back_as_an_error_result_the_model_can_fix()
    {
        await using var host = await AgentHost.StartAsync();
        await using var mcp = await McpPair.StartAsync(host);

        var result = await mcp.Client.CallToolAsync(
            "notify_user", new Dictionary<string, object?> { ["intent"] = "Remind Sarah", ["urgency"] = "asap" }).AsTask().WaitAsync(AgentRun.Patience);

        Assert.True(result.IsError);
        var structured = JsonSerializer.SerializeToElement(result.StructuredContent);
        Assert.Equal("invalid", AgentRun.Status(structured));
        Assert.Contains("'user_id' is required", AgentRun.Message(structured), StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Requests);
    }

    [Fact]
    public async Task The_guardrails_configured_with_AddSmoovenAITools_apply_over_mcp()
    {
        await using var host = await AgentHost.StartAsync();
        await using var mcp = await McpPair.StartAsync(host, o => o.AllowedRecipients = id => id.EndsWith("@example.com", StringComparison.Ordinal));

        var result = await mcp.Client.CallToolAsync(
            "notify_user", new Dictionary<string, object?> { ["intent"] = "Remind Mallory", ["user_id"] = "mallory@attacker.test" }).AsTask().WaitAsync(AgentRun.Patience);

        Assert.NotEqual(true, result.IsError); // a refusal the model acts on, not a failure
        Assert.Equal("not_allowed", AgentRun.Status(JsonSerializer.SerializeToElement(result.StructuredContent)));
        Assert.Empty(host.Emulator.Requests);
    }

    [Fact]
    public async Task Get_notification_status_answers_for_an_id_nothing_is_known_about()
    {
        await using var host = await AgentHost.StartAsync();
        await using var mcp = await McpPair.StartAsync(host);

        var result = await mcp.Client.CallToolAsync(
            "get_notification_status", new Dictionary<string, object?> { ["notification_id"] = "ntf_never_sent" }).AsTask().WaitAsync(AgentRun.Patience);

        var structured = JsonSerializer.SerializeToElement(result.StructuredContent);
        Assert.Equal("sent", AgentRun.Status(structured));
        Assert.Equal("ntf_never_sent", structured.GetProperty("notification_id").GetString());
        Assert.Contains("No status callback has arrived", AgentRun.Message(structured), StringComparison.Ordinal);
    }
}
