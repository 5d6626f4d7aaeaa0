using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;
using static Smooven.Client.Redis.Tests.Infrastructure.EvictionPolicyApp;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// What the backplane says of a server's eviction policy at start: a warning for an allkeys-* policy under
/// a memory limit, Debug otherwise, without holding the start for it and never failing for asking.
/// </summary>
public class EvictionPolicyAtStartTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task An_allkeys_policy_under_a_memory_limit_is_warned_of_at_start_naming_the_policy_and_the_fix()
    {
        await SetPolicyAsync(redis, "allkeys-lru", Limit);
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
        await SetPolicyAsync(redis, "allkeys-lru", "0");
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
        await SetPolicyAsync(redis, policy, Limit);
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
        await SetPolicyAsync(redis, "allkeys-lru", Limit);
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
        await SetPolicyAsync(redis, "allkeys-lru", Limit);
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

    // Never awaited by anyone: a logger provider that throws left a faulted task nobody observed.
    [RedisFact]
    public async Task A_logger_that_throws_does_not_fault_the_check()
    {
        await SetPolicyAsync(redis, "allkeys-lru", Limit);
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var logger = new ThrowingLogger();
        var check = new EvictionPolicyCheck(logger);

        await check.CheckAsync(multiplexer, restored: null).WaitAsync(Cluster.Patience);

        Assert.Equal(1, logger.Calls); // it did reach the warning
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
