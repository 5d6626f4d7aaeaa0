using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// A backplane whose start is given up (Redis unreachable, the host's start cancelled) and then
/// disposed must leave the application's multiplexer, which outlives it, as it found it: before,
/// it stayed subscribed to its events, logging every restoration and asking CONFIG GET again.
/// A connection the backplane was making itself must be closed whenever it comes.
/// </summary>
public class CancelledStartTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_start_given_up_while_Redis_is_unreachable_leaves_nothing_subscribed_to_the_applications_multiplexer()
    {
        await redis.StopAsync();
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",abortConnect=false,connectTimeout=500,asyncTimeout=30000");
        FakeLogCollector logs;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        builder.Services.AddSmoovenClient(options => options.SecretKey = "sk_test_probe");
        builder.Services.AddSmoovenRedisBackplane(options => options.KeyPrefix = "leak-" + Guid.NewGuid().ToString("N"));
        await using (var app = builder.Build())
        {
            app.MapSmoovenWebhook();
            logs = app.Services.GetFakeLogCollector();
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(2)); // commands wait in the backlog while Redis is down
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.StartAsync(giveUp.Token));
        }

        var afterDispose = logs.GetSnapshot().Count;

        // Subscribed after the backplane's handlers, so it runs after them in each raise of the event.
        var restored = 0;
        var bothRestored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        multiplexer.ConnectionRestored += (_, _) =>
        {
            if (Interlocked.Increment(ref restored) == 2)
            {
                bothRestored.TrySetResult();
            }
        };
        await redis.StartAsync();
        await bothRestored.Task.WaitAsync(TimeSpan.FromSeconds(30)); // interactive and subscription

        var late = logs.GetSnapshot().Skip(afterDispose).Select(r => $"{r.Id.Id} {r.Level} {r.Message}").ToList();
        await multiplexer.DisposeAsync();
        Assert.True(late.Count == 0, "logged by the disposed backplane: " + string.Join(" | ", late));
    }

    [RedisFact]
    public async Task A_connection_from_the_factory_that_comes_after_the_start_was_given_up_is_closed()
    {
        var connecting = new TaskCompletionSource<IConnectionMultiplexer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await GiveUpStartWhileConnectingAsync(connecting.Task);

        // The host gave up and is disposed; only now does the connection come.
        var name = "late-" + Guid.NewGuid().ToString("N");
        await using var real = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",name=" + name);
        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = probe.GetServers().Single();
        Assert.Contains(await server.ClientListAsync(), client => client.Name == name);
        var watched = new DisposalWatchedMultiplexer(real);
        connecting.SetResult(watched.Multiplexer);

        await watched.Disposed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(real.IsConnected);
        Assert.DoesNotContain(await server.ClientListAsync(), client => client.Name == name);
    }

    // The configuration string's path: ConnectionMultiplexer.ConnectAsync is under way (its handshake
    // held by the proxy, as by a slow Redis) when the start is given up; once the handshake is let
    // through, the connection that comes must be closed rather than stay connected.
    [RedisFact]
    public async Task A_connection_from_the_configuration_that_comes_after_the_start_was_given_up_is_closed()
    {
        await using var proxy = new HeldRedisProxy(redis);
        var name = "late-" + Guid.NewGuid().ToString("N");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options => options.SecretKey = "sk_test_probe");
        builder.Services.AddSmoovenRedisBackplane(
            proxy.Configuration + ",name=" + name + ",connectTimeout=60000",
            options => options.KeyPrefix = "leak-" + Guid.NewGuid().ToString("N"));
        await using (var app = builder.Build())
        {
            app.MapSmoovenWebhook();
            using var giveUp = new CancellationTokenSource();
            var start = app.StartAsync(giveUp.Token);
            await proxy.Accepted.WaitAsync(Cluster.Patience);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        }

        // The host gave up and is disposed; only now does Redis answer the handshake.
        proxy.Release();

        await proxy.AllClosedByClients.WaitAsync(Cluster.Patience);
        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        Assert.DoesNotContain(await probe.GetServers().Single().ClientListAsync(), client => client.Name == name);
    }

    // Nothing awaits the late close: its failure was an unobserved task exception, and the connection,
    // never disposed, stayed connected (and would reconnect for ever).
    [RedisFact]
    public async Task A_late_connection_whose_close_fails_is_disposed_all_the_same_and_the_failure_logged()
    {
        var connecting = new TaskCompletionSource<IConnectionMultiplexer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var logs = new CapturingLoggerProvider();
        await GiveUpStartWhileConnectingAsync(connecting.Task, logs);

        var name = "late-" + Guid.NewGuid().ToString("N");
        await using var real = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",name=" + name);
        var failure = new RedisConnectionException(ConnectionFailureType.SocketClosed, "close failed");
        var watched = new DisposalWatchedMultiplexer(real, failure);
        connecting.SetResult(watched.Multiplexer);

        var logged = Assert.Single(await logs.WaitForAsync(record => record.EventId == 3018));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Same(failure, logged.Exception);
        await watched.Disposed.WaitAsync(Cluster.Patience);
        Assert.False(real.IsConnected);
    }

    // A host whose backplane asks its factory for a connection that comes only when the test says:
    // the start is given up while it waits, and the host disposed.
    private static async Task GiveUpStartWhileConnectingAsync(Task<IConnectionMultiplexer> connecting, ILoggerProvider? logs = null)
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options => options.SecretKey = "sk_test_probe");
        builder.Services.AddSmoovenRedisBackplane(options =>
        {
            options.KeyPrefix = "leak-" + Guid.NewGuid().ToString("N");
            options.ConnectionMultiplexerFactory = () =>
            {
                asked.TrySetResult();
                return connecting;
            };
        });
        await using var app = builder.Build();
        app.MapSmoovenWebhook();
        using var giveUp = new CancellationTokenSource();
        var start = app.StartAsync(giveUp.Token);
        await asked.Task.WaitAsync(Cluster.Patience);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
    }
}
