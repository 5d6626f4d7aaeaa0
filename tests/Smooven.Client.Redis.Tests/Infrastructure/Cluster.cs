using Smooven.Client.Testing;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>The emulator and several hosts sharing one key prefix: what each test starts and stops.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<ScaleOutHost> _hosts = [];

    private Cluster(SmoovenEmulator emulator, string redis, TimeProvider? clock)
    {
        Emulator = emulator;
        Redis = redis;
        Clock = clock;
    }

    public SmoovenEmulator Emulator { get; }

    public string Redis { get; }

    public TimeProvider? Clock { get; }

    /// <summary>A prefix of this cluster's own, so the tests of a class share a server without sharing keys.</summary>
    public string KeyPrefix { get; } = "test-" + Guid.NewGuid().ToString("N");

    public IReadOnlyList<ScaleOutHost> Hosts => _hosts;

    public static async Task<Cluster> StartAsync(RedisServer redis, int hosts, SmoovenEmulatorOptions? emulatorOptions = null)
    {
        var emulator = await SmoovenEmulator.StartAsync(emulatorOptions);
        var cluster = new Cluster(emulator, redis.Configuration, emulatorOptions?.TimeProvider);
        for (var i = 0; i < hosts; i++)
        {
            await cluster.AddHostAsync();
        }

        return cluster;
    }

    /// <summary>Starts one more host, on <paramref name="clock"/> when given, else on the cluster's clock.</summary>
    public async Task<ScaleOutHost> AddHostAsync(TimeProvider? clock = null)
    {
        var host = await ScaleOutHost.StartAsync(Emulator, Redis, KeyPrefix, clock ?? Clock);
        _hosts.Add(host);
        return host;
    }

    public static NotifyRequest Reminder(Uri callbackUrl, string userId = "sarah@example.com") => new()
    {
        Intent = "Remind Sarah about her appointment",
        Context = new NotifyContext { UserId = userId },
        CallbackUrl = callbackUrl,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
