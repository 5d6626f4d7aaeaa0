using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// A Redis with a memory limit and an allkeys-* maxmemory-policy may evict the callback stream (it
/// has no expiry): the backplane says so when a connection to a primary becomes ready, once until
/// the policy changes, without holding the start for it and never failing for asking.
/// </summary>
/// <remarks>
/// Each check of a server ends in one record: the warning, or at Debug what it read or that it could
/// not read. The check is not awaited by the start, so the tests await those records.
/// </remarks>
public class EvictionPolicyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int EvictsStreamEventId = 3014;
    private const int PolicyUnknownEventId = 3015;
    private const int PolicyReadEventId = 3017;
    private const int ConnectionRestoredEventId = 3005;
    private const string RedisCategory = "Smooven.Client.Redis";
    private const string Limit = "1gb";

    [RedisFact]
    public async Task An_allkeys_policy_under_a_memory_limit_is_warned_of_at_start_naming_the_policy_and_the_fix()
    {
        await SetAsync(redis, "allkeys-lru", Limit);
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs, redis.Configuration);

        var warning = Assert.Single(await logs.WaitForAsync(IsOutcome));
        Assert.Equal(EvictsStreamEventId, warning.EventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("allkeys-lru", warning.Message, StringComparison.Ordinal);
        Assert.Contains("1073741824", warning.Message, StringComparison.Ordinal);
        Assert.Contains("noeviction", warning.Message, StringComparison.Ordinal);
        Assert.Contains("volatile-*", warning.Message, StringComparison.Ordinal);
    }

    // maxmemory 0 (Redis's default outside 32-bit builds): no limit, so nothing is ever evicted.
    [RedisFact]
    public async Task Without_a_memory_limit_an_allkeys_policy_evicts_nothing_and_is_not_warned_of()
    {
        await SetAsync(redis, "allkeys-lru", "0");
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs, redis.Configuration);

        var read = Assert.Single(await logs.WaitForAsync(IsOutcome));
        Assert.Equal(PolicyReadEventId, read.EventId);
        Assert.Equal(LogLevel.Debug, read.Level);
        Assert.Contains("maxmemory 0 bytes and maxmemory-policy allkeys-lru", read.Message, StringComparison.Ordinal);
    }

    [RedisTheory]
    [InlineData("noeviction")]
    [InlineData("volatile-lru")]
    public async Task A_policy_that_spares_the_stream_is_not_warned_of(string policy)
    {
        await SetAsync(redis, policy, Limit);
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs, redis.Configuration);

        var read = Assert.Single(await logs.WaitForAsync(IsOutcome));
        Assert.Equal(PolicyReadEventId, read.EventId);
        Assert.Equal(LogLevel.Debug, read.Level);
        Assert.Contains(policy, read.Message, StringComparison.Ordinal);
    }

    // As managed Redis does: CONFIG refused by the server (an ACL without it) or left out of the
    // client's command map. The start goes on, with a Debug line and no warning.
    [RedisTheory]
    [InlineData(",user=noconfig,password=pw")]
    [InlineData(",$CONFIG=")]
    public async Task A_Redis_that_refuses_CONFIG_starts_all_the_same_and_logs_at_Debug(string configurationSuffix)
    {
        await SetAsync(redis, "allkeys-lru", Limit);
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "noconfig", "on", ">pw", "~*", "&*", "+@all", "-config");
        }

        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs, redis.Configuration + configurationSuffix);

        var unknown = Assert.Single(await logs.WaitForAsync(IsOutcome));
        Assert.Equal(PolicyUnknownEventId, unknown.EventId);
        Assert.Equal(LogLevel.Debug, unknown.Level);
    }

    // With the application's multiplexer, a Redis that does not answer (down at start) held the
    // start for the command timeout, 6 s of a 12 s start in the review.
    [RedisFact]
    public async Task The_start_does_not_wait_for_the_check()
    {
        await SetAsync(redis, "allkeys-lru", Limit);
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var held = new HeldConfigMultiplexer(multiplexer);
        var logs = new CapturingLoggerProvider();
        var app = Build(logs, services => services
            .AddSingleton(held.Multiplexer)
            .AddSmoovenRedisBackplane(options => options.KeyPrefix = "eviction-" + Guid.NewGuid().ToString("N")));
        try
        {
            await app.StartAsync().WaitAsync(Cluster.Patience);
            await held.Asked.WaitAsync(Cluster.Patience);
            Assert.DoesNotContain(logs.Records, IsOutcome);

            held.Release();
            var warning = Assert.Single(await logs.WaitForAsync(IsOutcome));
            Assert.Equal(EvictsStreamEventId, warning.EventId);
        }
        finally
        {
            held.Release();
            await app.DisposeAsync();
        }
    }

    // Every reconnect asks again (it may reach another server, as after a failover); the same answer
    // is not worth the same warning again, which came at each blip per endpoint (6 in a 3+3 cluster).
    [RedisFact]
    public async Task The_warning_is_said_again_only_when_a_reconnect_finds_another_policy()
    {
        await SetAsync(redis, "allkeys-lru", Limit);
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs, redis.Configuration);
        await logs.WaitForAsync(IsOutcome);

        await KillConnectionsAsync(redis);
        await logs.WaitForAsync(IsOutcome, 2);

        await SetAsync(redis, "allkeys-lfu", Limit);
        await KillConnectionsAsync(redis);
        var outcomes = await logs.WaitForAsync(IsOutcome, 3);

        Assert.Equal(
            new (int, string?)[] { (EvictsStreamEventId, "allkeys-lru"), (PolicyReadEventId, "allkeys-lru"), (EvictsStreamEventId, "allkeys-lfu") },
            outcomes.Select(outcome => (outcome.EventId, (string?)outcome.Values["Policy"])));
    }

    // The primary keeps the stream; a replica's reconnect asked it once more for nothing.
    [RedisFact]
    public async Task A_replica_is_not_asked_at_start_nor_when_its_connection_is_restored()
    {
        var replica = new RedisServer();
        await replica.InitializeAsync();
        try
        {
            // A replica of a primary that cannot be reached (the fixture's listens on a unix socket
            // only): it says it is a replica, with a policy of its own to tell its answers apart.
            await using (var admin = await ConnectionMultiplexer.ConnectAsync(replica.Configuration))
            {
                await admin.GetDatabase().ExecuteAsync("REPLICAOF", "127.0.0.1", "1");
            }

            await SetAsync(replica, "allkeys-lfu", Limit);
            await SetAsync(redis, "allkeys-lru", Limit);
            var logs = new CapturingLoggerProvider();
            await using var app = await StartAsync(logs, redis.Configuration + "," + replica.Configuration);
            await logs.WaitForAsync(IsOutcome);

            await KillConnectionsAsync(replica);
            await logs.WaitForAsync(record => record.EventId == ConnectionRestoredEventId && IsInteractiveAt(record, replica));
            await KillConnectionsAsync(redis);
            var outcomes = await logs.WaitForAsync(IsOutcome, 2);

            Assert.Equal(
                new (int, string?)[] { (EvictsStreamEventId, "allkeys-lru"), (PolicyReadEventId, "allkeys-lru") },
                outcomes.Select(outcome => (outcome.EventId, (string?)outcome.Values["Policy"])));
            Assert.All(outcomes, outcome => Assert.Equal(SocketPath(redis), outcome.Values["EndPoint"]));
        }
        finally
        {
            await replica.DisposeAsync();
        }
    }

    // As the primaries of a Redis Cluster: one answer per server is kept. With one for all, the safe
    // server's reconnect forgot the warning, and the evicting one's next reconnect said it again.
    [RedisFact]
    public async Task A_safe_primary_does_not_make_another_primarys_warning_be_said_again()
    {
        var safe = new RedisServer();
        await safe.InitializeAsync();
        try
        {
            await SetAsync(safe, "noeviction", Limit);
            await SetAsync(redis, "allkeys-lru", Limit);
            var logs = new CapturingLoggerProvider();
            await using var app = await StartAsync(logs, redis.Configuration + "," + safe.Configuration);
            await logs.WaitForAsync(IsOutcome, 2);

            await KillConnectionsAsync(safe);
            await logs.WaitForAsync(IsOutcome, 3);
            await KillConnectionsAsync(redis);
            var outcomes = await logs.WaitForAsync(IsOutcome, 4);

            Assert.Equal(
                new (int, string?)[] { (PolicyReadEventId, "noeviction"), (PolicyReadEventId, "allkeys-lru") },
                outcomes.Skip(2).Select(outcome => (outcome.EventId, (string?)outcome.Values["Policy"])));
            Assert.Single(outcomes, outcome => outcome.EventId == EvictsStreamEventId);
        }
        finally
        {
            await safe.DisposeAsync();
        }
    }

    // A failover that promotes a replica keeps the connection to it: no restoration asked it, so an
    // evicting policy on the new primary went unsaid. StackExchange.Redis reports the change (here
    // told by the broadcast IServer.MakePrimary sends) and the new primary is asked then.
    // Each server's outcomes are awaited on their own: the primary may be asked twice at start (a
    // change StackExchange.Redis reports for it while connecting can be handled before the start's
    // own check, which asks it again: a Debug line, no second warning), so "the second outcome" was
    // at times the primary's (3017, allkeys-lru) rather than the promoted replica's.
    [RedisFact]
    public async Task A_replica_made_primary_without_a_reconnect_is_asked_then()
    {
        var replica = new RedisServer();
        await replica.InitializeAsync();
        try
        {
            await using var replicaAdmin = await ConnectionMultiplexer.ConnectAsync(replica.Configuration);
            await replicaAdmin.GetDatabase().ExecuteAsync("REPLICAOF", "127.0.0.1", "1");
            await SetAsync(replica, "allkeys-lfu", Limit);
            await SetAsync(redis, "allkeys-lru", Limit);
            var logs = new CapturingLoggerProvider();
            await using var app = await StartAsync(logs, redis.Configuration + "," + replica.Configuration);
            var primary = Assert.Single(await logs.WaitForAsync(record => IsOutcomeAt(record, redis)));
            Assert.DoesNotContain(logs.Records, record => IsOutcomeAt(record, replica));

            await replicaAdmin.GetDatabase().ExecuteAsync("REPLICAOF", "NO", "ONE");
            await replicaAdmin.GetDatabase().ExecuteAsync("PUBLISH", "__Booksleeve_MasterChanged", replica.Configuration);
            var promoted = Assert.Single(await logs.WaitForAsync(record => IsOutcomeAt(record, replica)));

            Assert.Equal((EvictsStreamEventId, "allkeys-lru"), (primary.EventId, (string?)primary.Values["Policy"]));
            Assert.Equal((EvictsStreamEventId, "allkeys-lfu"), (promoted.EventId, (string?)promoted.Values["Policy"]));
            Assert.Single(logs.Records, record => record.EventId == EvictsStreamEventId && IsOutcomeAt(record, redis));
        }
        finally
        {
            await replica.DisposeAsync();
        }
    }

    // Never awaited by anyone: a logger provider that throws left a faulted task nobody observed.
    [RedisFact]
    public async Task A_logger_that_throws_does_not_fault_the_check()
    {
        await SetAsync(redis, "allkeys-lru", Limit);
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var logger = new ThrowingLogger();
        var check = new EvictionPolicyCheck(logger);

        await check.CheckAsync(multiplexer, restored: null).WaitAsync(Cluster.Patience);

        Assert.Equal(1, logger.Calls); // it did reach the warning
    }

    private static bool IsOutcome(CapturedLog record) =>
        record.Category == RedisCategory && record.EventId is EvictsStreamEventId or PolicyUnknownEventId or PolicyReadEventId;

    private static bool IsOutcomeAt(CapturedLog record, RedisServer server) =>
        IsOutcome(record) && Equals(record.Values["EndPoint"], SocketPath(server));

    private static bool IsInteractiveAt(CapturedLog record, RedisServer server) =>
        record.Values["ConnectionType"] is ConnectionType.Interactive && Equals(record.Values["EndPoint"], SocketPath(server));

    // The configuration is "!" then the socket's path, which StackExchange.Redis gives as the endpoint.
    private static string SocketPath(RedisServer server) => server.Configuration[1..];

    private static async Task SetAsync(RedisServer server, string policy, string maxMemory)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy, "maxmemory", maxMemory);
    }

    // Cuts the backplane's interactive connection to that server (its subscription is not "normal").
    private static async Task KillConnectionsAsync(RedisServer server)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
    }

    private static Task<WebApplication> StartAsync(CapturingLoggerProvider logs, string configuration) =>
        StartAsync(Build(logs, services => services.AddSmoovenRedisBackplane(configuration, options => options.KeyPrefix = "eviction-" + Guid.NewGuid().ToString("N"))));

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

    private static WebApplication Build(CapturingLoggerProvider logs, Action<IServiceCollection> configure)
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

    private sealed class ThrowingLogger : ILogger
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("The log sink is down.");
        }
    }
}
