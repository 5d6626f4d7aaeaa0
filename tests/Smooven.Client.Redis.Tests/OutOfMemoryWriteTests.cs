using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis reaches its maxmemory under the noeviction policy and refuses every write until an operator
/// frees memory. A handled mark refused meanwhile must still reach Redis afterwards: dropped, as a
/// refusal for good is, it let a copy of the delivery be handled a second time once its lease expired.
/// </summary>
public class OutOfMemoryWriteTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int WriteRefused = 3021;

    // What the operator sees: every callback answered 503, an error that names the memory limit, and
    // the callback recorded once memory is freed and Smooven retries.
    [RedisFact]
    public async Task Callbacks_refused_for_want_of_memory_are_answered_503_told_as_an_error_naming_maxmemory_and_recorded_once_it_is_freed()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var memory = admin.GetDatabase();
        await using var emulator = await SmoovenEmulator.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var host = await ScaleOutHost.StartAsync(
            emulator,
            redis.Configuration,
            "oom-" + Guid.NewGuid().ToString("N"),
            configure: services => services.AddLogging(logging => logging.AddProvider(logs)));
        var delivery = new SignedDelivery(emulator.SecretKey, "ntf_oom_endpoint");

        await memory.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction", "maxmemory", "1");
        HttpStatusCode refusedAnswer;
        try
        {
            using var refused = await delivery.PostAsync(host.CallbackUrl);
            refusedAnswer = refused.StatusCode;
        }
        finally
        {
            await memory.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }

        using var retried = await delivery.PostAsync(host.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedAnswer);
        var told = Assert.Single(logs.Records, record => record.EventId == WriteRefused);
        Assert.Equal(LogLevel.Error, told.Level);
        Assert.Contains("maxmemory", told.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [RedisFact]
    public async Task A_handled_mark_refused_for_want_of_memory_is_set_once_Redis_runs_a_write_again_and_a_refused_claim_takes_no_lease()
    {
        await using var writes = await HeldWriteBatcher.StartAsync(redis);
        var (batcher, held) = (writes.Batcher, writes.Held);
        var handled = HeldWriteBatcher.Delivery("ntf_oom_mark");
        var refused = HeldWriteBatcher.Delivery("ntf_oom_claim");
        var next = HeldWriteBatcher.Delivery("ntf_after_oom");

        await writes.Redis.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction", "maxmemory", "1");
        try
        {
            batcher.Complete(writes.KeyOf(handled), handled, TimeSpan.FromMinutes(1));
            var markRefusal = await (await held.NextAsync()).RunPassingOnErrorsAsync();
            var claim = batcher.ClaimAsync(writes.KeyOf(refused), refused, CancellationToken.None);
            var claimRefusal = await (await held.NextAsync()).RunPassingOnErrorsAsync();

            Assert.StartsWith("OOM ", markRefusal?.Message, StringComparison.Ordinal);
            Assert.StartsWith("OOM ", claimRefusal?.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<RedisServerException>(() => claim);
            Assert.False(await writes.Redis.KeyExistsAsync(writes.KeyOf(refused))); // Redis wrote nothing of it
            Assert.False(held.TryTake(out _)); // so no release of it either,
            Assert.False(writes.InDoubt.Contains(refused.Body)); // nor a read-back of what it did not append
        }
        finally
        {
            await writes.Redis.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }

        var after = batcher.ClaimAsync(writes.KeyOf(next), next, CancellationToken.None);
        await (await held.NextAsync()).RunAsync();
        Assert.Equal(WriteBatchScript.Claimed, await after);
        var again = await held.NextAsync();
        await again.RunAsync();

        Assert.Contains(writes.KeyOf(handled), again.Keys);
        Assert.Equal("handled", await writes.Redis.StringGetAsync(writes.KeyOf(handled)));
    }
}
