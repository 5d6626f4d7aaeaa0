using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Diagnostics;
using Smooven.Client.Redis.Reading;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The gap check alone, on a real stream: it tells entries trimmed before they were read from a
/// stream that idled past the retention or started over, and from a Redis 6 that counts no appends.
/// </summary>
public class StreamGapCheckTests(RedisServer redis) : IClassFixture<RedisServer>
{
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

    // As Redis 6 answers XINFO STREAM: without entries-added.
    private static async Task<StreamInfo> WithoutEntriesAdded(Task<StreamInfo> reading)
    {
        object info = await reading;
        typeof(StreamInfo).GetField("<EntriesAdded>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(info, -1L);
        return (StreamInfo)info;
    }
}
