using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;
using static Smooven.Client.Redis.Tests.Infrastructure.EvictionPolicyApp;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Which servers the eviction-policy check asks again, and when: primaries, not replicas, on a reconnect
/// or a failover; its warning is said again only when a server's policy changed.
/// </summary>
public class EvictionPolicyRecheckTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int ConnectionRestoredEventId = 3005;

    // Every reconnect asks again (it may reach another server, as after a failover); the same answer
    // is not worth the same warning again, which came at each blip per endpoint (6 in a 3+3 cluster).
    [RedisFact]
    public async Task The_warning_is_said_again_only_when_a_reconnect_finds_another_policy()
    {
        await SetPolicyAsync(redis, "allkeys-lru", Limit);
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs, redis.Configuration);
        await logs.WaitForAsync(IsOutcome);

        await KillConnectionsAsync(redis);
        await logs.WaitForAsync(IsOutcome, 2);

        await SetPolicyAsync(redis, "allkeys-lfu", Limit);
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

            await SetPolicyAsync(replica, "allkeys-lfu", Limit);
            await SetPolicyAsync(redis, "allkeys-lru", Limit);
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
            await SetPolicyAsync(safe, "noeviction", Limit);
            await SetPolicyAsync(redis, "allkeys-lru", Limit);
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
            await SetPolicyAsync(replica, "allkeys-lfu", Limit);
            await SetPolicyAsync(redis, "allkeys-lru", Limit);
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

    private static bool IsOutcomeAt(CapturedLog record, RedisServer server) =>
        IsOutcome(record) && Equals(record.Values["EndPoint"], SocketPath(server));

    private static bool IsInteractiveAt(CapturedLog record, RedisServer server) =>
        record.Values["ConnectionType"] is ConnectionType.Interactive && Equals(record.Values["EndPoint"], SocketPath(server));

    // The configuration is "!" then the socket's path, which StackExchange.Redis gives as the endpoint.
    private static string SocketPath(RedisServer server) => server.Configuration[1..];

    // Cuts the backplane's interactive connection to that server (its subscription is not "normal").
    private static async Task KillConnectionsAsync(RedisServer server)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
    }
}
