using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client;
using Smooven.Client.Testing;

namespace EscalatingAgent;

/// <summary>
/// Smooven on this machine: the emulator, plus the SDK's webhook endpoint on 127.0.0.1 to receive
/// its callbacks, and a client wired to both.
/// </summary>
public sealed class LocalSmooven : IAsyncDisposable
{
    private readonly SmoovenEmulator _emulator;
    private readonly WebApplication _receiver;

    private LocalSmooven(SmoovenEmulator emulator, WebApplication receiver, Uri callbackUrl)
    {
        _emulator = emulator;
        _receiver = receiver;
        CallbackUrl = callbackUrl;
        Client = receiver.Services.GetRequiredService<SmoovenClient>();
    }

    public SmoovenClient Client { get; }

    /// <summary>The emulator, for a look at what it was sent.</summary>
    public SmoovenEmulator Emulator => _emulator;

    public Uri CallbackUrl { get; }

    public static async Task<LocalSmooven> StartAsync(SmoovenEmulatorOptions emulatorOptions, CancellationToken cancellationToken = default)
    {
        var emulator = await SmoovenEmulator.StartAsync(emulatorOptions, cancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = emulator.SecretKey;
            options.BaseAddress = emulator.BaseAddress;

            // The emulator is never overloaded, so its lost answers (a fault the demos inject) are retried after
            // 0.1, 0.2 and 0.4 s rather than the default's 1, 2 and 4 s. Keep the default with the real service.
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        });
        var receiver = builder.Build();
        receiver.MapSmoovenWebhook("/webhooks/smooven");
        await receiver.StartAsync(cancellationToken);

        return new LocalSmooven(emulator, receiver, new Uri(new Uri(receiver.Urls.First()), "/webhooks/smooven"));
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _emulator.DisposeAsync();
    }
}
