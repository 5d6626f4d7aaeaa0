using System.Text.Json;
using RichardSzalay.MockHttp;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class ConcurrencyTests
{
    private const int Notifications = 10_000;
    private const int Publishers = 4;

    // Room for every notification: callbacks may all come before their waits, and the history's
    // capacity is enforced per stripe, which hashing fills unevenly.
    private static readonly DeliveryTrackerOptions RoomForAll = new() { HistoryCapacity = 2 * Notifications };

    [Fact]
    public async Task Ten_thousand_concurrent_waits_each_get_their_own_outcome_whatever_the_order_and_the_duplicates()
    {
        using var tracker = NewTracker(out _, RoomForAll);
        var plan = CallbackPlan.Create(Notifications, Publishers, seed: 20260305);
        var order = Enumerable.Range(0, Notifications).ToArray();
        new Random(7).Shuffle(order);
        var waits = new Task<DeliveryResult>[Notifications];
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Two threads register while four publish, so callbacks land before, during and after registration.
        var registering = Task.WhenAll(
            Enumerable.Range(0, 2).Select(half => Task.Run(async () =>
            {
                await go.Task;
                for (var k = half; k < order.Length; k += 2)
                {
                    waits[order[k]] = tracker.WaitAsync(plan.Ids[order[k]], Default);
                }
            })));
        var publishing = plan.PublishAllAsync(tracker, go.Task);
        go.SetResult();
        await Task.WhenAll(registering, publishing).WaitAsync(TimeSpan.FromSeconds(60));
        var results = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(60));

        for (var i = 0; i < Notifications; i++)
        {
            plan.AssertOutcome(i, results[i]);
        }

        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Ten_thousand_concurrent_SendAndWait_calls_each_get_their_own_outcome()
    {
        using var tracker = NewTracker(out var time, RoomForAll);
        var plan = CallbackPlan.Create(Notifications, Publishers, seed: 42);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "http://127.0.0.1:9/v1/agent/notify").Respond(async request =>
        {
            // Each call's intent is "job N"; answer with notification N, as Smooven would.
            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync());
            var index = int.Parse(body.RootElement.GetProperty("intent").GetString()!.AsSpan(4), provider: null);
            return SendAndWaitTests.Accepted(plan.Ids[index]);
        });
        using var client = SendAndWaitTests.NewClient(mock, tracker, time);

        var calls = Enumerable.Range(0, Notifications)
            .Select(i => Task.Run(async () =>
            {
                await go.Task;
                return await client.SendAndWaitAsync(new NotifyRequest { Intent = $"job {i}" }, SendAndWaitOptions.DefaultTimeout);
            }))
            .ToArray();
        var publishing = plan.PublishAllAsync(tracker, go.Task);
        go.SetResult();
        await publishing.WaitAsync(TimeSpan.FromSeconds(60));
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        for (var i = 0; i < Notifications; i++)
        {
            plan.AssertOutcome(i, results[i]);
        }

        Assert.Equal(0, tracker.PendingCount);
    }
}
