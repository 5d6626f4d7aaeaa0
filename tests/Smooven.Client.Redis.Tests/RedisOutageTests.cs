using System.Diagnostics.Metrics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Diagnostics;
using Smooven.Client.Redis.Reading;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using Smooven.Client.TestSupport;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis goes away while callbacks arrive: nothing unrecorded is acknowledged (each is answered
/// 503), and once Redis is back Smooven's retries bring every callback to the waiting instance.
/// The retry schedule runs on a fake clock; the fake clock starts at the real time, so that
/// signatures and stream ids agree with Redis.
/// </summary>
public class RedisOutageTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string RestoredMetric = "smooven.client.redis.connection.restorations";
    private const string GapMetric = "smooven.client.redis.gaps";
    private const string RefusedMetric = "smooven.client.redis.entries.refused";

    [RedisFact]
    public async Task Callbacks_that_arrive_while_Redis_is_down_get_503_and_reach_the_wait_after_the_retry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2, new SmoovenEmulatorOptions { TimeProvider = clock });
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        using var aRestored = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        using var bRestored = new MetricCollector<long>(b.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RestoredMetric);
        using var gaps = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", GapMetric);

        await redis.StopAsync();
        var wait = a.Client.SendAndWaitAsync(Cluster.Reminder(b.CallbackUrl), TimeSpan.FromHours(1));
        var refused = await cluster.Emulator.WaitForCallbackAttemptsAsync(3).WaitAsync(Cluster.Patience);

        await redis.StartAsync();
        await aRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience); // interactive and subscription
        await bRestored.WaitForMeasurementsAsync(2).WaitAsync(Cluster.Patience);
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await wait.WaitAsync(Cluster.Patience);
        await cluster.Emulator.WaitForIdleAsync().WaitAsync(Cluster.Patience);

        Assert.All(refused, attempt => Assert.Equal(503, attempt.StatusCode));
        Assert.Equal(0, refused.Count(attempt => attempt.IsAcknowledged));
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.All(cluster.Emulator.CallbackAttempts, attempt => Assert.True(attempt.StatusCode is 200 or 503, attempt.ToString()));

        // The three retries run at once, so the wait may end on delivered before sent is in: none is lost.
        Assert.Equal(
            ["notification.delivered", "notification.queued", "notification.sent"],
            cluster.Emulator.CallbackAttempts.Where(attempt => attempt.IsAcknowledged).Select(attempt => attempt.Event.ToString()).Order());
        Assert.Equal(3, b.Handler.Calls);
        Assert.Equal(0, a.Handler.Calls);
        Assert.Empty(gaps.GetMeasurementSnapshot()); // nothing recorded was trimmed: no gap to report
    }

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

    [RedisFact]
    public async Task A_stream_idle_for_longer_than_the_retention_is_not_taken_for_one_that_started_over_after_a_reconnect()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        RedisKey stream = "idle-" + Guid.NewGuid().ToString("N") + ":callbacks";
        var twentyMinutesAgo = new DateTimeOffset(await connection.GetServers()[0].TimeAsync(), TimeSpan.Zero).AddMinutes(-20);
        await db.StreamAddAsync(stream, [new("body", "{}")], $"{twentyMinutesAgo.ToUnixTimeMilliseconds()}-0");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logger = new FakeLogger();
        var check = new StreamGapCheck(logger, new RedisMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System);

        // Where a reader starting now begins, then the check it runs after a reconnect.
        var start = await StreamRetention.ReadBackStartAsync(db, stream, SmoovenRedisOptions.DefaultRetention);
        check.Request();
        var startedOver = await check.RunIfDueAsync(db, stream, start);

        Assert.False(startedOver); // it would read the whole stream again
        Assert.Empty(logger.Collector.GetSnapshot());
    }

    // Redis lost its data (a restart without persistence) while this instance could not reach it, and
    // other instances wrote the stream anew, more than the retention ago: the new stream's first
    // entries, all after the cursor and never read here, were trimmed. The check compared how many the
    // new stream lost with how many the old one had up to the cursor, and found no gap.
    [RedisFact]
    public async Task A_gap_in_a_stream_that_started_over_above_the_cursor_is_reported()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        RedisKey stream = "anew-" + Guid.NewGuid().ToString("N") + ":callbacks";
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logger = new FakeLogger();
        var check = new StreamGapCheck(logger, new RedisMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System);
        for (var i = 1; i <= 5; i++)
        {
            await db.StreamAddAsync(stream, [new("body", "{}")], $"{1000 + i}-0");
        }

        // Read up to its last entry, then a reconnect's check, which counts 5 entries up to the cursor.
        RedisValue cursor = "1005-0";
        check.Request();
        Assert.False(await check.RunIfDueAsync(db, stream, cursor));

        // Lost, written anew above the cursor (3 entries), and its first 2 trimmed.
        await db.KeyDeleteAsync(stream);
        for (var i = 1; i <= 3; i++)
        {
            await db.StreamAddAsync(stream, [new("body", "{}")], $"{2000 + i}-0");
        }

        await db.StreamTrimByMinIdAsync(stream, "2003-0");
        check.Request();
        Assert.False(await check.RunIfDueAsync(db, stream, cursor));

        var gap = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(3007, gap.Id.Id);
        Assert.Equal(LogLevel.Warning, gap.Level);
    }

    // Redis 6 reports no entries-added (StackExchange.Redis gives -1): the check took the stream for one
    // that had lost nothing, so a gap was never reported on Redis 6 for a stream with entries left.
    [RedisFact]
    public async Task A_gap_is_reported_where_Redis_counts_no_entries_added()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = ForwardingProxy.Create(connection.GetDatabase(), wrap: call => call.Name == nameof(IDatabase.StreamInfoAsync)
            ? info => WithoutEntriesAdded((Task<StreamInfo>)info!)
            : null);
        RedisKey stream = "redis6-" + Guid.NewGuid().ToString("N") + ":callbacks";
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logger = new FakeLogger();
        var check = new StreamGapCheck(logger, new RedisMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System);
        for (var i = 1; i <= 3; i++)
        {
            await db.StreamAddAsync(stream, [new("body", "{}")], $"{1000 + i}-0");
        }

        // Read up to the first entry; the second, never read, is trimmed with it.
        await db.StreamTrimByMinIdAsync(stream, "1003-0");
        check.Request();
        Assert.False(await check.RunIfDueAsync(db, stream, "1001-0"));

        var gap = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(3007, gap.Id.Id);
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

    // As Redis 6 answers XINFO STREAM: without entries-added.
    private static async Task<StreamInfo> WithoutEntriesAdded(Task<StreamInfo> reading)
    {
        object info = await reading;
        typeof(StreamInfo).GetField("<EntriesAdded>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(info, -1L);
        return (StreamInfo)info;
    }

    private static async Task AppendFromPeerAsync(IDatabase db, string keyPrefix, SignedDelivery delivery)
    {
        await db.StreamAddAsync(keyPrefix + ":callbacks", [new("body", delivery.Body), new("signature", delivery.HeaderAt(DateTimeOffset.UtcNow)), new("origin", "peer")]);
        await db.PublishAsync(RedisChannel.Literal(keyPrefix + ":nudge"), "peer");
    }
}
