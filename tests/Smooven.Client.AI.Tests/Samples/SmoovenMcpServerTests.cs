using System.Text.Json;
using ModelContextProtocol.Client;
using Smooven.Client.AI.Tests.Support;
using SmoovenMcpServer;

namespace Smooven.Client.AI.Tests.Samples;

/// <summary>The SmoovenMcpServer sample as an MCP host runs it: a child process over stdio, against its emulator.</summary>
public class SmoovenMcpServerTests
{
    [Fact]
    public async Task Over_stdio_it_lists_the_tools_and_delivers_a_notification()
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "smooven-sample",
            Command = "dotnet",
            Arguments = [typeof(ServerSettings).Assembly.Location],
            EnvironmentVariables = new Dictionary<string, string?> { ["SMOOVEN_SECRET_KEY"] = null, ["SMOOVEN_CALLBACK_URL"] = null },
        });
        await using var client = await McpClient.CreateAsync(transport).WaitAsync(TimeSpan.FromSeconds(60));

        var tools = await client.ListToolsAsync().AsTask().WaitAsync(AgentRun.Patience);
        var result = await client.CallToolAsync(
            "notify_user", new Dictionary<string, object?> { ["intent"] = "Remind Sarah about her appointment", ["user_id"] = "sarah@example.com" })
            .AsTask().WaitAsync(AgentRun.Patience);

        Assert.Equal(["get_notification_status", "notify_user"], tools.Select(t => t.Name).Order());
        var structured = JsonSerializer.SerializeToElement(result.StructuredContent);
        Assert.Equal("delivered", AgentRun.Status(structured));
        Assert.Equal(["queued", "sent", "delivered"], AgentRun.Events(structured));
    }
}
