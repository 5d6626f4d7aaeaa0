using System.Net;
using System.Text;
using SmoovenMcpServer;

namespace Smooven.Client.AI.Tests.Samples;

/// <summary>The SmoovenMcpServer sample with --http, as a browser on the same machine could reach it.</summary>
public class SmoovenMcpHttpServerTests
{
    private const string Initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"page","version":"1"}}}
        """;

    // A page on another site that reached 127.0.0.1 through DNS rebinding sends its own origin; MCP hosts send none.
    [Theory]
    [InlineData("http://attacker.example:5088", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:5088", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task The_mcp_endpoint_answers_only_requests_from_this_machine(string? origin, HttpStatusCode expected)
    {
        var settings = new ServerSettings
        {
            SecretKey = "sk_test_never_used",
            CallbackUrl = new Uri("https://agent.example/webhooks/smooven"),
            Http = true,
            ListenUrl = new Uri("http://127.0.0.1:0"),
        };
        await using var app = await HttpServer.StartAsync(settings, emulator: null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, ServerSettings.McpPath) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request).WaitAsync(Support.AgentRun.Patience);

        Assert.Equal(expected, response.StatusCode);
    }
}
