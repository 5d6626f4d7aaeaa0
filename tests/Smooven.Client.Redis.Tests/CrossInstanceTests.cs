using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.TestSupport;
using Smooven.Client.Testing;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The wait on one instance and Smooven's callbacks on another, as behind a load balancer: the
/// wait ends as if there were one instance, and the handlers run once, on the instance called.
/// </summary>
public class CrossInstanceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisTheory]
    [MemberData(nameof(ScenarioOutcomes.ForDelivery), MemberType = typeof(ScenarioOutcomes))]
    public async Task A_wait_on_one_instance_ends_with_the_callbacks_another_received(EmulatorScenario scenario, DeliveryOutcome outcome, string[] statuses)
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2, new SmoovenEmulatorOptions { ScenarioSelector = _ => scenario });
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        var result = await a.Client.SendAndWaitAsync(Cluster.Reminder(b.CallbackUrl), Cluster.Patience);
        await cluster.Emulator.WaitForIdleAsync().WaitAsync(Cluster.Patience);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(statuses, result.Callbacks.Take(statuses.Length).Select(c => c.Status));
        Assert.All(cluster.Emulator.CallbackAttempts, attempt => Assert.True(attempt.IsAcknowledged, attempt.ToString()));
        Assert.Equal(cluster.Emulator.CallbackAttempts.Count, b.Handler.Calls);
        Assert.Equal(0, a.Handler.Calls);
    }

    [RedisFact]
    public async Task Silence_times_out_on_the_waiting_instance()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2, new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.Silence });

        var result = await cluster.Hosts[0].Client.SendAndWaitAsync(Cluster.Reminder(cluster.Hosts[1].CallbackUrl), TimeSpan.FromMilliseconds(300));

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.Empty(result.Callbacks);
    }

    [RedisFact]
    public async Task A_wait_registered_after_the_callbacks_came_to_another_instance_sees_them()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        var sent = await a.Client.NotifyAsync(Cluster.Reminder(b.CallbackUrl));
        await cluster.Emulator.WaitForCallbackAttemptsAsync(a => a.Count(x => x.IsAcknowledged) == 3).WaitAsync(Cluster.Patience);

        var result = await a.Tracker.WaitAsync(sent.NotificationId, new SendAndWaitOptions { Timeout = Cluster.Patience });

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(["queued", "sent", "delivered"], result.Callbacks.Select(c => c.Status));
    }

    [RedisFact]
    public async Task An_instance_started_after_the_callbacks_reads_them_back()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var sent = await cluster.Hosts[0].Client.NotifyAsync(Cluster.Reminder(cluster.Hosts[1].CallbackUrl));
        await cluster.Emulator.WaitForCallbackAttemptsAsync(a => a.Count(x => x.IsAcknowledged) == 3).WaitAsync(Cluster.Patience);

        var late = await cluster.AddHostAsync();
        var result = await late.Tracker.WaitAsync(sent.NotificationId, new SendAndWaitOptions { Timeout = Cluster.Patience });

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(["queued", "sent", "delivered"], result.Callbacks.Select(c => c.Status));
        Assert.Equal(0, late.Handler.Calls);
    }

    [RedisFact]
    public async Task Duplicated_deliveries_spread_over_three_instances_reach_the_handlers_once_each()
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.DuplicateCallbacks = true;
        await using var cluster = await Cluster.StartAsync(redis, hosts: 3, options);

        var result = await cluster.Hosts[0].Client.SendAndWaitAsync(Cluster.Reminder(cluster.Hosts[2].CallbackUrl), Cluster.Patience);
        await cluster.Emulator.WaitForIdleAsync().WaitAsync(Cluster.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(6, cluster.Emulator.CallbackAttempts.Count);
        Assert.All(cluster.Emulator.CallbackAttempts, attempt => Assert.True(attempt.IsAcknowledged, attempt.ToString()));
        Assert.Equal(3, cluster.Hosts.Sum(h => h.Handler.Calls));
    }
}
