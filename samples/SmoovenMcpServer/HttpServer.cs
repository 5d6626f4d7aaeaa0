using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smooven.Client.Testing;

namespace SmoovenMcpServer;

/// <summary>MCP over HTTP at /mcp, and the webhook endpoint on the same listener, so waits complete.</summary>
public static class HttpServer
{
    public static async Task RunAsync(ServerSettings settings, SmoovenEmulator? emulator, CancellationToken cancellationToken)
    {
        var listenUrl = settings.ListenUrl!;
        var callbackUrl = settings.CallbackUrl ?? new Uri(listenUrl, ServerSettings.WebhookPath);

        var builder = WebApplication.CreateSlimBuilder();
        StdioServer.LogToStandardError(builder.Logging);
        builder.WebHost.UseUrls(listenUrl.ToString());
        SmoovenWiring.AddSmooven(builder.Services, settings, emulator);
        builder.Services.AddSmoovenAITools(options => options.CallbackUrl = callbackUrl);
        builder.Services.AddMcpServer().WithHttpTransport().WithSmoovenTools();
        await using var app = builder.Build();
        app.MapMcp(ServerSettings.McpPath);
        app.MapSmoovenWebhook(ServerSettings.WebhookPath);
        await app.StartAsync(cancellationToken);
        await Console.Error.WriteLineAsync($"MCP endpoint: {new Uri(listenUrl, ServerSettings.McpPath)}");
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
