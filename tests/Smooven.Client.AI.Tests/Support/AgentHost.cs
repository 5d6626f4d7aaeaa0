using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.Testing;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>
/// Everything an agent's tools talk to, on loopback: the emulator, and the SDK's real receiving side
/// (AddSmoovenClient + MapSmoovenWebhook on Kestrel at 127.0.0.1:0) feeding the tracker.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgentHost(SmoovenEmulator emulator, WebApplication app, Uri callbackUrl)
    {
        Emulator = emulator;
        _app = app;
        CallbackUrl = callbackUrl;
    }

    public SmoovenEmulator Emulator { get; }

    public Uri CallbackUrl { get; }

    public SmoovenClient Client => _app.Services.GetRequiredService<SmoovenClient>();

    public DeliveryTracker Tracker => _app.Services.GetRequiredService<DeliveryTracker>();

    public static async Task<AgentHost> StartAsync(SmoovenEmulatorOptions? emulatorOptions = null)
    {
        var emulator = await SmoovenEmulator.StartAsync(emulatorOptions);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = emulator.SecretKey;
            options.BaseAddress = emulator.BaseAddress;
        });
        var app = builder.Build();
        app.MapSmoovenWebhook("/webhooks/smooven");
        await app.StartAsync();
        return new AgentHost(emulator, app, new Uri(new Uri(app.Urls.First()), "/webhooks/smooven"));
    }

    /// <summary>The tools over this host, with callbacks routed to it.</summary>
    public SmoovenAITools Tools(Action<SmoovenAIToolOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new SmoovenAIToolOptions { CallbackUrl = CallbackUrl };
        configure?.Invoke(options);
        return new SmoovenAITools(Client, Tracker, options, timeProvider);
    }

    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(shutdown.Token);
        await _app.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
