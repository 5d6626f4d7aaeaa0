using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using Smooven.Client.TestSupport;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis answers the reader, and says no: a Redis ACL user without XREAD (common on managed Redis), or a
/// stream key that holds something else. Such an instance never receives another instance's callback,
/// so it says why as an error, once per run of refusals rather than at every poll. The polls run on a
/// fake clock, one per advance of a second.
/// </summary>
public class ReadRefusalTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int ReadRefused = 3020;
    private const int ReadFailed = 3008;
    private const int Gap = 3007;
    private const string GapMetric = "smooven.client.redis.gaps";
    private const string RefusalMetric = "smooven.client.redis.refusals";

    [RedisFact]
    public async Task A_Redis_user_without_XREAD_is_told_as_an_error_naming_the_ACL_fix_once_per_run_of_refused_reads()
    {
        var user = await redis.CreateUserAsync("-xread");
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "noxread-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, clock, logs, user);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = admin.GetDatabase();

        // The start's read was refused; so is every poll's, said at Debug only.
        var refused = Assert.Single(await logs.WaitForAsync(record => record.EventId == ReadRefused));
        await PollAsync(clock, logs, times: 3);

        // Allowed again: another instance's callback is read, which ends the run of refusals.
        await db.ExecuteAsync("ACL", "SETUSER", user, "+xread");
        var delivery = new SignedDelivery(emulator.SecretKey, "ntf_read_in_between");
        await db.StreamAddAsync(keyPrefix + ":callbacks", [new("body", delivery.Body), new("signature", delivery.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")]);
        var wait = host.Tracker.WaitAsync("ntf_read_in_between", new SendAndWaitOptions { Timeout = TimeSpan.FromHours(1) });
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await wait.WaitAsync(Cluster.Patience);

        // Refused again: said again, once.
        await db.ExecuteAsync("ACL", "SETUSER", user, "-xread");
        clock.Advance(TimeSpan.FromSeconds(1));
        await logs.WaitForAsync(record => record.EventId == ReadRefused, count: 2);
        await PollAsync(clock, logs, times: 2);

        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.IsType<RedisServerException>(refused.Exception);
        Assert.Equal(keyPrefix + ":callbacks", refused.Values["Stream"]);
        Assert.Contains("+xread", refused.Message, StringComparison.Ordinal);
        Assert.Contains("~" + keyPrefix + ":*", refused.Message, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(2, logs.Records.Count(record => record.EventId == ReadRefused));
    }

    // Operators alert on metrics, not on logs: the error above is said once per run, so a counter
    // is what shows that the refusal goes on. Every poll's refused read counts, tagged as a read.
    [RedisFact]
    public async Task Every_refused_read_is_counted_as_a_read_refusal_not_only_the_first_of_a_run()
    {
        var user = await redis.CreateUserAsync("-xread");
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "countread-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, clock, logs, user);
        using var refusals = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RefusalMetric);
        await logs.WaitForAsync(record => record.EventId == ReadRefused);

        await PollAsync(clock, logs, times: 3);

        var measurements = refusals.GetMeasurementSnapshot();
        Assert.Equal(3, measurements.EvaluateAsCounter());
        Assert.All(measurements, measurement => Assert.Equal("read", measurement.Tags["operation"]));
        Assert.Equal(1, logs.Records.Count(record => record.EventId == ReadRefused));
    }

    // The read-back at start runs XREVRANGE and TIME in a script: refused inside it, Redis 7 answers ERR, not NOPERM.
    [RedisTheory]
    [InlineData("-eval")]
    [InlineData("-xrevrange")]
    [InlineData("resetkeys", "~another-app:*")]
    public async Task A_Redis_user_without_a_command_or_the_key_the_start_reads_with_is_told_as_an_error_naming_the_ACL_fix(params string[] rules)
    {
        var user = await redis.CreateUserAsync(rules);
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "acl-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, clock, logs, user);

        var refused = Assert.Single(await logs.WaitForAsync(record => record.EventId == ReadRefused));

        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Contains("~" + keyPrefix + ":*", refused.Message, StringComparison.Ordinal);
        Assert.Contains("+eval", refused.Message, StringComparison.Ordinal);
    }

    // Another app sharing the key prefix wrote a string where the stream belongs.
    [RedisFact]
    public async Task A_stream_key_that_holds_something_else_is_told_as_an_error_that_says_it_is_not_a_stream()
    {
        var keyPrefix = "wrongtype-" + Guid.NewGuid().ToString("N");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await admin.GetDatabase().StringSetAsync(keyPrefix + ":callbacks", "another app's value");
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, clock, logs, user: null);

        var refused = Assert.Single(await logs.WaitForAsync(record => record.EventId == ReadRefused));
        await PollAsync(clock, logs, times: 2);

        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Contains("WRONGTYPE", refused.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("not a stream", refused.Message, StringComparison.Ordinal);
        Assert.Contains("KeyPrefix", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, logs.Records.Count(record => record.EventId == ReadRefused));
    }

    // Each refused read asks for the gap check, which the next turn runs before its read is refused
    // again: a gap found then was reported and counted at every poll, once a second, for as long as the
    // reads were refused.
    [RedisFact]
    public async Task A_gap_found_while_reads_are_refused_is_reported_once_not_at_every_poll()
    {
        var user = await redis.CreateUserAsync("-xread");
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "gaponce-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, clock, logs, user);
        using var gaps = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", GapMetric);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = admin.GetDatabase();
        var stream = keyPrefix + ":callbacks";
        await logs.WaitForAsync(record => record.EventId == ReadRefused);

        // An entry this instance could not read, trimmed away by the next append.
        await db.StreamAddAsync(stream, [new("body", "{}"), new("origin", "peer")]);
        var next = await db.StreamAddAsync(stream, [new("body", "{}"), new("origin", "peer")]);
        await db.StreamTrimByMinIdAsync(stream, next);
        await PollAsync(clock, logs, times: 4);

        Assert.Equal(1, gaps.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, logs.Records.Count(record => record.EventId == Gap));
    }

    // Advances the fake clock a second at a time, each time awaiting the end of the poll's turn: its refused read.
    private static async Task PollAsync(SignallingTimeProvider clock, CapturingLoggerProvider logs, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var failed = logs.Records.Count(record => record.EventId == ReadFailed);
            clock.Advance(TimeSpan.FromSeconds(1));
            await logs.WaitForAsync(record => record.EventId == ReadFailed, count: failed + 1);
        }
    }

    // A Redis ACL user allowed everything but what the arguments take away.
    private Task<ScaleOutHost> StartAsync(SmoovenEmulator emulator, string keyPrefix, SignallingTimeProvider clock, CapturingLoggerProvider logs, string? user) =>
        ScaleOutHost.StartPollingAsync(emulator, redis.ConfigurationFor(user), keyPrefix, clock, logs);
}
