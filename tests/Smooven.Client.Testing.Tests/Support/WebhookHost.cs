using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore;

namespace Smooven.Client.Testing.Tests.Support;

/// <summary>
/// The SDK's real receiving side for end-to-end tests: AddSmoovenClient and MapSmoovenWebhook on
/// Kestrel at 127.0.0.1:0, pointed at an emulator, on the clock the test chooses.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, Uri callbackUrl)
    {
        _app = app;
        CallbackUrl = callbackUrl;
        Client = app.Services.GetRequiredService<SmoovenClient>();
    }

    public Uri CallbackUrl { get; }

    public SmoovenClient Client { get; }

    public DeliveryTracker Tracker => _app.Services.GetRequiredService<DeliveryTracker>();

    public static async Task<WebhookHost> StartAsync(SmoovenEmulator emulator, TimeProvider? clock = null, ISmoovenCallbackHandler? handler = null)
    {
        var builder = LoopbackKestrel.CreateBuilder();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock); // before AddSmoovenClient, which only adds the system clock when none is there
        }

        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = emulator.SecretKey;
            options.BaseAddress = emulator.BaseAddress;
        });
        if (handler is not null)
        {
            builder.Services.AddSingleton(handler);
        }

        var app = builder.Build();
        app.MapSmoovenWebhook("/webhooks/smooven");
        return new WebhookHost(app, new Uri(await app.StartOnLoopbackAsync(), "webhooks/smooven"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
    }
}
