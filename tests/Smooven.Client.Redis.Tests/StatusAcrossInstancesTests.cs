using Smooven.Client.Redis.Tests.Infrastructure;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// DeliveryTracker.GetStatus answers the same on every instance, a late one included. These need
/// the tracker's recent history behind GetStatus (the tracker redesign); on a tracker whose
/// GetStatus is still a stub they fail.
/// </summary>
public class StatusAcrossInstancesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task Every_instance_a_late_one_included_reports_the_same_status()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        var result = await a.Client.SendAndWaitAsync(Cluster.Reminder(b.CallbackUrl), Cluster.Patience);
        await cluster.Emulator.WaitForIdleAsync().WaitAsync(Cluster.Patience);
        var late = await cluster.AddHostAsync();

        foreach (var host in new[] { a, b, late })
        {
            var status = host.Tracker.GetStatus(result.NotificationId);
            Assert.NotNull(status);
            Assert.Equal(["queued", "sent", "delivered"], status.Callbacks.Select(c => c.Status));
            Assert.Equal(DeliveryOutcome.Delivered, status.Outcome);
        }
    }
}
