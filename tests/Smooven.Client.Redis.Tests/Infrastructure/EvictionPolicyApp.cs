using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// What the eviction-policy tests share: a server's policy set, an app whose backplane checks it and
/// logs from Debug up, and the records that end a check of a server.
/// </summary>
/// <remarks>
/// Each check of a server ends in one record: the warning, or at Debug what it read or that it could
/// not read. The check is not awaited by the start, so the tests await those records.
/// </remarks>
internal static class EvictionPolicyApp
{
    public const int EvictsStreamEventId = 3014;
    public const int PolicyUnknownEventId = 3015;
    public const int PolicyReadEventId = 3017;
    public const string Limit = "1gb";
    private const string RedisCategory = "Smooven.Client.Redis";

    public static bool IsOutcome(CapturedLog record) =>
        record.Category == RedisCategory && record.EventId is EvictsStreamEventId or PolicyUnknownEventId or PolicyReadEventId;

    public static async Task SetPolicyAsync(RedisServer server, string policy, string maxMemory)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy, "maxmemory", maxMemory);
    }

    public static Task<WebApplication> StartAsync(CapturingLoggerProvider logs, string configuration) =>
        StartAsync(Build(logs, services => services.AddSmoovenRedisBackplane(configuration, options => options.KeyPrefix = "eviction-" + Guid.NewGuid().ToString("N"))));

    public static WebApplication Build(CapturingLoggerProvider logs, Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options => options.SecretKey = "sk_test_eviction");
        configure(builder.Services);
        var app = builder.Build();
        app.MapSmoovenWebhook();
        return app;
    }

    private static async Task<WebApplication> StartAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
