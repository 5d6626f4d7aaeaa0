using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.AspNetCore;
using Smooven.Client.Testing;
using Smooven.Client.TestSupport;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// One instance of an app behind a load balancer: its own DI container, tracker, handler and
/// Kestrel endpoint on 127.0.0.1:0, talking to the emulator, sharing callbacks through Redis.
/// </summary>
internal sealed class ScaleOutHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScaleOutHost(WebApplication app, CountingHandler handler)
    {
        _app = app;
        Handler = handler;
        CallbackUrl = new Uri(new Uri(app.Urls.First()), "/webhooks/smooven");
    }

    public Uri CallbackUrl { get; }

    public CountingHandler Handler { get; }

    public IServiceProvider Services => _app.Services;

    public SmoovenClient Client => _app.Services.GetRequiredService<SmoovenClient>();

    public DeliveryTracker Tracker => _app.Services.GetRequiredService<DeliveryTracker>();

    public static async Task<ScaleOutHost> StartAsync(
        SmoovenEmulator emulator, string redis, string keyPrefix, TimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = emulator.SecretKey;
            options.BaseAddress = emulator.BaseAddress;
        });
        builder.Services.AddSmoovenRedisBackplane(redis, options => options.KeyPrefix = keyPrefix);
        var handler = new CountingHandler();
        builder.Services.AddSingleton<ISmoovenCallbackHandler>(handler);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSmoovenWebhook();
        await app.StartAsync();
        return new ScaleOutHost(app, handler);
    }

    /// <summary>
    /// Starts a host on a fake clock that logs to <paramref name="logs"/> from Debug up, and returns once
    /// its reader's poll is pending: an advance of the clock before then would not fire it.
    /// </summary>
    public static async Task<ScaleOutHost> StartPollingAsync(
        SmoovenEmulator emulator, string redis, string keyPrefix, SignallingTimeProvider clock, CapturingLoggerProvider logs)
    {
        var host = await StartAsync(
            emulator,
            redis,
            keyPrefix,
            clock,
            services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));
        try
        {
            await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the host, as its shutdown does, without a deadline.</summary>
    public Task StopAsync() => _app.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(shutdown.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Counts the callbacks a host's handler saw; <see cref="Gate"/>, when set, holds each call until it completes.</summary>
internal sealed class CountingHandler : ISmoovenCallbackHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every call throws it after counting, as a broken handler would.</summary>
    public Exception? Failure { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
