using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;
using Smooven.Client.Testing;

namespace SmoovenMcpServer;

/// <summary>MCP over HTTP at /mcp, and the webhook endpoint on the same listener, so waits complete.</summary>
public static class HttpServer
{
    public static async Task RunAsync(ServerSettings settings, SmoovenEmulator? emulator, CancellationToken cancellationToken)
    {
        await using var app = await StartAsync(settings, emulator, cancellationToken);
        await Console.Error.WriteLineAsync($"MCP endpoint: {new Uri(new Uri(app.Urls.First()), ServerSettings.McpPath)}");
        await app.WaitForShutdownAsync(cancellationToken);
    }

    public static async Task<WebApplication> StartAsync(ServerSettings settings, SmoovenEmulator? emulator, CancellationToken cancellationToken)
    {
        var listenUrl = settings.ListenUrl!;
        var callbackUrl = settings.CallbackUrl ?? new Uri(listenUrl, ServerSettings.WebhookPath);

        var builder = WebApplication.CreateSlimBuilder();
        StdioServer.LogToStandardError(builder.Logging);
        builder.WebHost.UseUrls(listenUrl.ToString());
        SmoovenWiring.AddSmooven(builder.Services, settings, emulator);
        builder.Services.AddSmoovenAITools(options => options.CallbackUrl = callbackUrl);
        builder.Services.AddMcpServer().WithHttpTransport().WithSmoovenTools();
        var app = builder.Build();

        // Any web page open in a browser on this machine can reach this port too, under a name of its own
        // (DNS rebinding), and have notify_user send through your key. Browsers say which page a request
        // comes from: as MCP asks, /mcp refuses any origin but this machine. MCP hosts send no Origin.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ServerSettings.McpPath) && !IsFromThisMachine(context.Request.Headers.Origin))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await next(context);
        });
        app.MapMcp(ServerSettings.McpPath);
        app.MapSmoovenWebhook(ServerSettings.WebhookPath);
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static bool IsFromThisMachine(StringValues origin) =>
        origin.Count == 0 || (origin.Count == 1 && Uri.TryCreate(origin[0], UriKind.Absolute, out var page) && page.IsLoopback);
}
