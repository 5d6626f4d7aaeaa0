using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smooven.Client;
using Smooven.Client.Testing;

namespace SmoovenMcpServer;

/// <summary>
/// MCP over stdin/stdout. The callbacks still need an HTTP endpoint, so a small webhook receiver runs
/// beside it (on a free loopback port with the emulator); the MCP tools share its client and tracker.
/// </summary>
public static class StdioServer
{
    public static async Task RunAsync(ServerSettings settings, SmoovenEmulator? emulator, CancellationToken cancellationToken)
    {
        await using var receiver = await StartReceiverAsync(settings, emulator, cancellationToken);
        var callbackUrl = settings.CallbackUrl ?? new Uri(new Uri(receiver.Urls.First()), ServerSettings.WebhookPath);

        var builder = Host.CreateApplicationBuilder();
        LogToStandardError(builder.Logging);
        builder.Services.AddSingleton(receiver.Services.GetRequiredService<DeliveryTracker>());
        builder.Services.AddTransient(_ => receiver.Services.GetRequiredService<SmoovenClient>());
        builder.Services.AddSmoovenAITools(options => options.CallbackUrl = callbackUrl);
        builder.Services.AddMcpServer().WithStdioServerTransport().WithSmoovenTools();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }

    /// <summary>stdout carries the protocol: everything else goes to stderr.</summary>
    public static void LogToStandardError(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
    }

    private static async Task<WebApplication> StartReceiverAsync(ServerSettings settings, SmoovenEmulator? emulator, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        LogToStandardError(builder.Logging);
        builder.WebHost.UseUrls(settings.ListenUrl?.ToString() ?? "http://127.0.0.1:0");
        SmoovenWiring.AddSmooven(builder.Services, settings, emulator);
        var receiver = builder.Build();
        receiver.MapSmoovenWebhook(ServerSettings.WebhookPath);
        await receiver.StartAsync(cancellationToken);
        return receiver;
    }
}
