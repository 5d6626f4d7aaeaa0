using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using Smooven.Client.TestSupport;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// An instance reconnects after the stream was trimmed: it reports a gap when entries it had not read
/// were trimmed, and only then, and reads on though its Redis user may not run the check.
/// </summary>
public class GapAfterReconnectTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RestoredMetric = "smooven.client.redis.connection.restorations";
    private const string GapMetric = "smooven.client.redis.gaps";
    private const string RefusedMetric = "smooven.client.redis.entries.refused";

    [RedisFact]
    public async Task An_instance_that_reconnects_after_the_stream_was_trimmed_past_its_cursor_reports_a_gap()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 1);
        var host = cluster.Hosts[0];
        using var gaps = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", GapMetric);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        var stream = cluster.KeyPrefix + ":callbacks";

        // An entry the instance never read (no nudge), trimmed away, and the instance's connection cut,
        // all at once: the instance's once-a-second poll must not read in between, as it would if it
        // were connected all along.
        var unread = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_missed");
        var seconds = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds();
        var atOnce = db.CreateTransaction();
        _ = atOnce.StreamAddAsync(stream, [new("body", unread.Body), new("signature", unread.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")], $"{seconds}-0");
        _ = atOnce.StreamAddAsync(stream, [new("body", "{}"), new("signature", "t=1,v1=00"), new("origin", "peer")], $"{seconds + 1000}-0");
        _ = atOnce.StreamTrimByMinIdAsync(stream, $"{seconds + 1000}-0");
        _ = atOnce.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        Assert.True(await atOnce.ExecuteAsync());

        await gaps.WaitForMeasurementsAsync(1).WaitAsync(Cluster.Patience);

        Assert.Equal(1, gaps.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    // A quiet stream: another instance's next append trims (as the retention does) the entries before
    // it, all read here, while this instance reconnects. Its check found the stream starting after the
    // cursor with entries trimmed, and warned that callbacks may have been missed, though none was.
    [RedisFact]
    public async Task An_instance_that_reconnects_after_only_entries_it_had_read_were_trimmed_reports_no_gap()
    {
        var (gaps, logs) = await ReconnectAfterTrimAsync(withUnreadEntry: false);

        Assert.Empty(gaps);
        Assert.DoesNotContain(logs, record => record.EventId == 3007);
    }

    [RedisFact]
    public async Task An_instance_that_reconnects_after_an_entry_it_had_not_read_was_trimmed_with_those_it_had_reports_a_gap()
    {
        var (gaps, logs) = await ReconnectAfterTrimAsync(withUnreadEntry: true);

        Assert.Equal(1, gaps.EvaluateAsCounter());
        var gap = Assert.Single(logs, record => record.EventId == 3007);
        Assert.Equal(LogLevel.Warning, gap.Level);
    }

    // StackExchange.Redis tells of a restored connection on a worker thread, so a poll may read on the new
    // connection before it is told: the read moved the cursor past the trimmed entries, and a check asked
    // for only then found no gap. Here the restoration is told only after such a read, and no poll
    // failed during the outage (the poll runs on a fake clock), so only the failure can ask for the check.
    [RedisFact]
    public async Task A_gap_is_reported_when_a_poll_reads_on_the_new_connection_before_its_restoration_is_told()
    {
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "told-late-" + Guid.NewGuid().ToString("N");
        var restoredReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var readOnNewConnection = new ManualResetEventSlim();
        await using var host = await ScaleOutHost.StartAsync(emulator, redis.Configuration, keyPrefix, clock, services =>
            services.Configure<SmoovenRedisOptions>(options =>
            {
                options.Configuration = null;
                options.ConnectionMultiplexerFactory = async () =>
                {
                    var settings = ConfigurationOptions.Parse(redis.Configuration);
                    settings.BacklogPolicy = BacklogPolicy.FailFast;
                    var multiplexer = await ConnectionMultiplexer.ConnectAsync(settings);
                    multiplexer.ConnectionRestored += (_, _) => // subscribed first, so the backplane is told after it
                    {
                        restoredReached.TrySetResult();
                        readOnNewConnection.Wait(Cluster.Patience);
                    };
                    return multiplexer;
                };
            }));
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1)); // the poll, started after the host's start returns
        using var gaps = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", GapMetric);
        using var refused = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RefusedMetric);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        var stream = keyPrefix + ":callbacks";

        // An entry the instance never read, trimmed away, and the instance's connection cut, all at once.
        var seconds = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds();
        var atOnce = db.CreateTransaction();
        _ = atOnce.StreamAddAsync(stream, [new("body", "{}"), new("signature", "t=1,v1=00"), new("origin", "peer")], $"{seconds}-0");
        _ = atOnce.StreamAddAsync(stream, [new("body", "{}"), new("signature", "t=1,v1=00"), new("origin", "peer")], $"{seconds + 1000}-0");
        _ = atOnce.StreamTrimByMinIdAsync(stream, $"{seconds + 1000}-0");
        _ = atOnce.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        Assert.True(await atOnce.ExecuteAsync());

        // Reconnected, not yet told: the poll reads the entry left (refused, as it is not signed).
        await restoredReached.Task.WaitAsync(Cluster.Patience);
        clock.Advance(TimeSpan.FromSeconds(1));
        await refused.WaitForMeasurementsAsync(1).WaitAsync(Cluster.Patience);
        readOnNewConnection.Set();

        await gaps.WaitForMeasurementsAsync(1).WaitAsync(Cluster.Patience);
    }

    // A Redis user without XINFO (left out of an ACL, or renamed away by a managed service): reading
    // went well until the first reconnect asked for the gap check, whose refusal then failed every
    // later turn, so the instance never again saw another's callback, said only at Debug.
    [RedisFact]
    public async Task An_instance_whose_Redis_user_may_not_run_XINFO_still_reads_after_a_reconnect()
    {
        var user = await redis.CreateUserAsync("-xinfo");
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "noxinfo-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await ScaleOutHost.StartAsync(
            emulator, redis.ConfigurationFor(user), keyPrefix, configure: services => services.AddSingleton<ILoggerProvider>(logs));
        using var restored = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();

        await AppendFromPeerAsync(db, keyPrefix, new SignedDelivery(emulator.SecretKey, "ntf_before_the_reconnect"));
        var before = await host.Tracker.WaitAsync("ntf_before_the_reconnect", new SendAndWaitOptions { Timeout = Cluster.Patience });

        await db.ExecuteAsync("CLIENT", "KILL", "USER", user);
        await restored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience); // interactive and subscription
        await AppendFromPeerAsync(db, keyPrefix, new SignedDelivery(emulator.SecretKey, "ntf_after_the_reconnect"));
        var result = await host.Tracker.WaitAsync("ntf_after_the_reconnect", new SendAndWaitOptions { Timeout = Cluster.Patience });

        Assert.Equal(DeliveryOutcome.Delivered, before.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var refused = Assert.Single(await logs.WaitForAsync(record => record.EventId == 3019));
        Assert.Equal(LogLevel.Warning, refused.Level);
    }

    // This instance reads two callbacks of another instance (one nudged, one polled a second later);
    // then, at once: an entry it has not read (when asked for), another instance's append, a trim of
    // every entry before that append (as the retention trims a quiet stream), and this instance's
    // connection cut. Returns once the instance has read that append.
    private async Task<(IReadOnlyList<CollectedMeasurement<long>> Gaps, IReadOnlyList<CapturedLog> Logs)> ReconnectAfterTrimAsync(bool withUnreadEntry)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "trimmed-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await ScaleOutHost.StartAsync(emulator, redis.Configuration, keyPrefix, clock, services => services.AddSingleton<ILoggerProvider>(logs));
        using var gaps = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", GapMetric);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        var stream = keyPrefix + ":callbacks";
        var options = new SendAndWaitOptions { Timeout = TimeSpan.FromHours(1) };

        await AppendFromPeerAsync(db, keyPrefix, new SignedDelivery(emulator.SecretKey, "ntf_nudged"));
        await host.Tracker.WaitAsync("ntf_nudged", options).WaitAsync(Cluster.Patience);
        var polled = new SignedDelivery(emulator.SecretKey, "ntf_polled");
        var lastRead = await db.StreamAddAsync(stream, [new("body", polled.Body), new("signature", polled.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")]);
        var wait = host.Tracker.WaitAsync("ntf_polled", options);
        clock.Advance(TimeSpan.FromSeconds(1));
        await wait.WaitAsync(Cluster.Patience);

        var milliseconds = long.Parse(lastRead.ToString().Split('-')[0], CultureInfo.InvariantCulture);
        var unread = new SignedDelivery(emulator.SecretKey, "ntf_missed");
        var appended = new SignedDelivery(emulator.SecretKey, "ntf_after_the_reconnect");
        var atOnce = db.CreateTransaction();
        if (withUnreadEntry)
        {
            _ = atOnce.StreamAddAsync(stream, [new("body", unread.Body), new("signature", unread.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")], $"{milliseconds + 1}-0");
        }

        _ = atOnce.StreamAddAsync(stream, [new("body", appended.Body), new("signature", appended.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")], $"{milliseconds + 2}-0");
        _ = atOnce.StreamTrimByMinIdAsync(stream, $"{milliseconds + 2}-0");
        _ = atOnce.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        Assert.True(await atOnce.ExecuteAsync());

        // Read only after the reconnect, which asked for the check: the check ran before that read.
        var result = await host.Tracker.WaitAsync("ntf_after_the_reconnect", options).WaitAsync(Cluster.Patience);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        return (gaps.GetMeasurementSnapshot(), logs.Records);
    }

    private static async Task AppendFromPeerAsync(IDatabase db, string keyPrefix, SignedDelivery delivery)
    {
        await db.StreamAddAsync(keyPrefix + ":callbacks", [new("body", delivery.Body), new("signature", delivery.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")]);
        await db.PublishAsync(RedisChannel.Literal(keyPrefix + ":nudge"), "peer");
    }
}
