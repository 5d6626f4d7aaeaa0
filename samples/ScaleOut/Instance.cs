using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client;
using Smooven.Client.AspNetCore;
using Smooven.Client.Testing;

namespace ScaleOut;

/// <summary>
/// One instance of the agent, as a load balancer would see it: its own Kestrel endpoint, tracker
/// and handler, sharing callbacks with the other instances through the Redis backplane.
/// </summary>
public sealed class Instance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Instance(string name, WebApplication app)
    {
        Name = name;
        _app = app;
        CallbackUrl = new Uri(new Uri(app.Urls.First()), "/webhooks/smooven");
    }

    public string Name { get; }

    public Uri CallbackUrl { get; }

    public SmoovenClient Client => _app.Services.GetRequiredService<SmoovenClient>();

    public static async Task<Instance> StartAsync(string name, SmoovenEmulator emulator, string redis, Receipts receipts, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = emulator.SecretKey;
            options.BaseAddress = emulator.BaseAddress;
        });
        builder.Services.AddSmoovenRedisBackplane(redis);
        builder.Services.AddSingleton<ISmoovenCallbackHandler>(new ReceiptHandler(name, receipts));

        var app = builder.Build();
        app.MapSmoovenWebhook();
        await app.StartAsync(cancellationToken);
        return new Instance(name, app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // Handlers run once across the instances, on the one Smooven called: that is what it records.
    private sealed class ReceiptHandler(string instance, Receipts receipts) : ISmoovenCallbackHandler
    {
        public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
        {
            receipts.Record(callback, instance);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Which instance received each callback from Smooven.</summary>
public sealed class Receipts
{
    private readonly ConcurrentDictionary<(string NotificationId, CallbackEvent Event, Channel? Channel), string> _byCallback = new();

    public void Record(DeliveryCallback callback, string instance) =>
        _byCallback[(callback.NotificationId, callback.Event, callback.ChannelUsed)] = instance;

    public string ReceiverOf(DeliveryCallback callback) =>
        _byCallback.GetValueOrDefault((callback.NotificationId, callback.Event, callback.ChannelUsed), "no instance");
}
