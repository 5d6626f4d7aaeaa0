using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// An allkeys-* maxmemory-policy may evict the callback stream (it has no expiry) under memory
/// pressure: the backplane says so when a connection becomes ready, and never fails for asking.
/// </summary>
public class EvictionPolicyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int EvictsStreamEventId = 3014;
    private const int PolicyUnknownEventId = 3015;
    private const string RedisCategory = "Smooven.Client.Redis";

    [RedisFact]
    public async Task An_allkeys_policy_is_warned_of_at_start_naming_the_policy_and_the_fix()
    {
        await SetPolicyAsync("allkeys-lru");
        await using var app = await StartAsync(redis.Configuration);

        var warning = Assert.Single(Records(app), r => r.Id.Id == EvictsStreamEventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(RedisCategory, warning.Category);
        Assert.Contains("allkeys-lru", warning.Message, StringComparison.Ordinal);
        Assert.Contains("noeviction", warning.Message, StringComparison.Ordinal);
        Assert.Contains("volatile-*", warning.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task The_default_noeviction_logs_nothing()
    {
        await SetPolicyAsync("noeviction");
        await using var app = await StartAsync(redis.Configuration);

        Assert.DoesNotContain(Records(app), r => r.Id.Id is EvictsStreamEventId or PolicyUnknownEventId);
    }

    [RedisFact]
    public async Task A_volatile_policy_logs_nothing()
    {
        await SetPolicyAsync("volatile-lru");
        await using var app = await StartAsync(redis.Configuration);

        Assert.DoesNotContain(Records(app), r => r.Id.Id is EvictsStreamEventId or PolicyUnknownEventId);
    }

    // As managed Redis does: CONFIG refused by the server (an ACL without it) or left out of the
    // client's command map. The start goes on, with a Debug line and no warning.
    [RedisTheory]
    [InlineData(",user=noconfig,password=pw")]
    [InlineData(",$CONFIG=")]
    public async Task A_Redis_that_refuses_CONFIG_starts_all_the_same_and_logs_at_Debug(string configurationSuffix)
    {
        await SetPolicyAsync("allkeys-lru");
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "noconfig", "on", ">pw", "~*", "&*", "+@all", "-config");
        }

        await using var app = await StartAsync(redis.Configuration + configurationSuffix);

        var unknown = Assert.Single(Records(app), r => r.Id.Id == PolicyUnknownEventId);
        Assert.Equal(LogLevel.Debug, unknown.Level);
        Assert.DoesNotContain(Records(app), r => r.Id.Id == EvictsStreamEventId);
    }

    [RedisFact]
    public async Task A_restored_connection_is_checked_again()
    {
        await SetPolicyAsync("noeviction");
        await using var app = await StartAsync(redis.Configuration);
        var logs = app.Services.GetFakeLogCollector();
        Assert.DoesNotContain(Records(app), r => r.Id.Id == EvictsStreamEventId);

        // The policy changes (as after a failover to another server), then the connection is cut.
        await SetPolicyAsync("allkeys-lfu");
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var record in logs.GetLogsAsync(patience.Token))
        {
            if (record.Id.Id == EvictsStreamEventId)
            {
                Assert.Contains("allkeys-lfu", record.Message, StringComparison.Ordinal);
                return;
            }
        }
    }

    private static List<FakeLogRecord> Records(WebApplication app) =>
        [.. app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == RedisCategory)];

    private async Task SetPolicyAsync(string policy)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy);
    }

    private static async Task<WebApplication> StartAsync(string configuration)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options => options.SecretKey = "sk_test_eviction");
        builder.Services.AddSmoovenRedisBackplane(configuration, options => options.KeyPrefix = "eviction-" + Guid.NewGuid().ToString("N"));
        var app = builder.Build();
        app.MapSmoovenWebhook();
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
