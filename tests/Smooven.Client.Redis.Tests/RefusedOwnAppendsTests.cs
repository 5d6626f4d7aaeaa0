using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.Redis.Reading;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using Smooven.Client.TestSupport;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis refuses both the writes and the reads, as when another app keeps a string where the stream
/// belongs (its own key prefix) or an ACL user lacks the keys. A refused batch may have run (a script
/// stops at the command refused), so its claims' keys are put in doubt for the reader to publish
/// (<see cref="OwnAppendsInDoubt"/>); a reader that is refused too never ends a turn, which was the only
/// thing that let them go: a key per callback stayed for as long as the refusal lasted.
/// The polls run on a fake clock, one per advance of a second.
/// </summary>
public class RefusedOwnAppendsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int ReadRefused = 3020;
    private const int ReadFailed = 3008;

    [RedisFact]
    public async Task A_callback_whose_write_and_read_Redis_both_refuse_is_not_kept_for_the_reader()
    {
        var keyPrefix = "refusedboth-" + Guid.NewGuid().ToString("N");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await admin.GetDatabase().StringSetAsync(keyPrefix + ":callbacks", "another app's value");
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var host = await ScaleOutHost.StartPollingAsync(emulator, redis.Configuration, keyPrefix, clock, logs);
        var inDoubt = host.Services.GetRequiredService<OwnAppendsInDoubt>();
        await logs.WaitForAsync(record => record.EventId == ReadRefused);
        var deliveries = Enumerable.Range(0, 3).Select(i => new SignedDelivery(emulator.SecretKey, "ntf_refused_both_" + i)).ToList();

        var answers = new List<HttpStatusCode>();
        foreach (var delivery in deliveries)
        {
            using var response = await delivery.PostAsync(host.CallbackUrl);
            answers.Add(response.StatusCode);
        }

        // A turn begun after the last refused write, refused in its turn.
        var failed = logs.Records.Count(record => record.EventId == ReadFailed);
        clock.Advance(TimeSpan.FromSeconds(1));
        await logs.WaitForAsync(record => record.EventId == ReadFailed, count: failed + 1);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.All(deliveries, delivery => Assert.False(inDoubt.Contains(delivery.Body)));
    }
}
