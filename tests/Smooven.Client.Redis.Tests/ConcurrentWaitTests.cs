using System.Net;
using Smooven.Client.Redis.Tests.Infrastructure;

namespace Smooven.Client.Redis.Tests;

/// <summary>Many waits at once, each on one instance with its callback on another: none lost, none crossed.</summary>
public class ConcurrentWaitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Waits = 5_000;

    [RedisFact]
    public async Task Five_thousand_waits_over_three_instances_each_end_with_their_own_outcome()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 3);
        var hosts = cluster.Hosts;
        var options = new SendAndWaitOptions { Timeout = TimeSpan.FromMinutes(2) };
        var waits = Enumerable.Range(0, Waits)
            .Select(i => hosts[i % 3].Tracker.WaitAsync(Id(i), options))
            .ToArray();

        using var http = new HttpClient();
        var statuses = new HttpStatusCode[Waits];
        await Parallel.ForAsync(0, Waits, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var delivery = new SignedDelivery(cluster.Emulator.SecretKey, Id(i), Failing(i) ? "failed" : "delivered");
            using var answer = await delivery.PostAsync(http, hosts[(i + 1) % 3].CallbackUrl);
            statuses[i] = answer.StatusCode;
        });
        var results = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        for (var i = 0; i < Waits; i++)
        {
            Assert.Equal(Id(i), results[i].NotificationId);
            Assert.Equal(Id(i), results[i].FinalCallback?.NotificationId);
            Assert.Equal(Failing(i) ? DeliveryOutcome.Failed : DeliveryOutcome.Delivered, results[i].Outcome);
        }

        Assert.Equal(Waits, hosts.Sum(h => h.Handler.Calls));
    }

    private static string Id(int i) => "ntf_load_" + i;

    private static bool Failing(int i) => i % 7 == 0;
}
