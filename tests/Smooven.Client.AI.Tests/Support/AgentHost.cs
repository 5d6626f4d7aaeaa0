using EscalatingAgent;
using Smooven.Client.Testing;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>
/// Everything an agent's tools talk to, on loopback: the samples' LocalSmooven (the emulator, and the
/// SDK's real webhook endpoint on Kestrel at 127.0.0.1:0 feeding the tracker), plus the tools over it.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly LocalSmooven _smooven;

    private AgentHost(LocalSmooven smooven) => _smooven = smooven;

    public SmoovenEmulator Emulator => _smooven.Emulator;

    public Uri CallbackUrl => _smooven.CallbackUrl;

    public SmoovenClient Client => _smooven.Client;

    public DeliveryTracker Tracker => _smooven.Client.Tracker;

    public static async Task<AgentHost> StartAsync(SmoovenEmulatorOptions? emulatorOptions = null) =>
        new(await LocalSmooven.StartAsync(emulatorOptions ?? new SmoovenEmulatorOptions()));

    /// <summary>The tools over this host, with callbacks routed to it.</summary>
    public SmoovenAITools Tools(Action<SmoovenAIToolOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new SmoovenAIToolOptions { CallbackUrl = CallbackUrl };
        configure?.Invoke(options);
        return new SmoovenAITools(Client, Tracker, options, timeProvider);
    }

    public ValueTask DisposeAsync() => _smooven.DisposeAsync();
}
