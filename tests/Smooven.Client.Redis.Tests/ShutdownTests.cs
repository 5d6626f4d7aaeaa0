using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.TestSupport;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// An instance shutting down while its writes are queued behind a slow Redis, as in a rolling
/// deployment: every claim still gets an answer the endpoint can turn into 200 or 503, never an
/// exception (which the endpoint would let escape as a 500 and an unhandled-error log); and the
/// stream reader stops without waiting for Redis to answer its read.
/// </summary>
public class ShutdownTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task Claims_queued_when_the_host_stops_are_each_answered_claimed_or_unavailable()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        var host = await ScaleOutHost.StartAsync(cluster.Emulator, cluster.Redis, cluster.KeyPrefix);
        var backplane = host.Services.GetRequiredService<ISmoovenWebhookBackplane>();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");

        // Redis answers nothing for a moment (it lifts the pause itself): the first batch stays in
        // flight, the others queue behind it until the connection is closed.
        await admin.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "1000", "ALL");
        var claims = Enumerable.Range(0, 100).Select(i =>
        {
            var delivery = new SignedDelivery(cluster.Emulator.SecretKey, $"ntf_at_shutdown_{i}");
            return backplane.ClaimAsync(
                new SmoovenVerifiedDelivery(delivery.Body, delivery.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(delivery.Body)), CancellationToken.None);
        }).ToList();
        await host.DisposeAsync();

        var answers = await Task.WhenAll(claims).WaitAsync(Cluster.Patience);
        Assert.All(answers, answer => Assert.True(answer is SmoovenBackplaneClaim.Claimed or SmoovenBackplaneClaim.Unavailable, answer.ToString()));
    }

    // The reader starts its poll after the host's start returns: the clock is advanced only once the
    // poll is pending, and the host stopped only once the poll's read is on its way. Advanced before,
    // the poll never fired and the host stopped at once whether or not the read could hold it.
    [RedisFact]
    public async Task The_reader_stops_at_once_while_its_read_waits_on_a_Redis_that_does_not_answer()
    {
        var clock = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        await using var proxy = new RedisFaultProxy(redis);
        await using var cluster = await Cluster.StartAsync(redis, hosts: 0);
        var host = await ScaleOutHost.StartAsync(cluster.Emulator, proxy.Configuration + ",asyncTimeout=60000", cluster.KeyPrefix, clock);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));

        proxy.LoseReplies();
        var readSent = proxy.CommandPassedAsync("XREAD");
        clock.Advance(TimeSpan.FromSeconds(1)); // the poll: the reader sends its read, whose answer is lost
        await readSent.WaitAsync(Cluster.Patience);
        var stopped = await Record.ExceptionAsync(() => host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        proxy.CutConnections(); // fails the read, so the host closes at once
        await host.DisposeAsync();

        Assert.Null(stopped);
    }
}
