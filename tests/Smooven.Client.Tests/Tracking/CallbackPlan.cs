namespace Smooven.Client.Tests.Tracking;

/// <summary>
/// Callbacks for many notifications as Smooven might deliver them: every event once to three
/// times (retries), all notifications mixed in one seeded random order, split among publishers.
/// Each notification either fails or is delivered (sometimes followed by opened).
/// </summary>
internal sealed class CallbackPlan
{
    private CallbackPlan(string[] ids, bool[] delivers, DeliveryCallback[][] batches)
    {
        Ids = ids;
        Delivers = delivers;
        Batches = batches;
    }

    public string[] Ids { get; }

    public bool[] Delivers { get; }

    /// <summary>One batch per publishing thread.</summary>
    public DeliveryCallback[][] Batches { get; }

    public static CallbackPlan Create(int notifications, int publishers, int seed)
    {
        var random = new Random(seed);
        var ids = new string[notifications];
        var delivers = new bool[notifications];
        var all = new List<DeliveryCallback>(notifications * 8);
        for (var i = 0; i < notifications; i++)
        {
            ids[i] = $"ntf_{i:D6}";
            delivers[i] = random.Next(4) != 0;
            var events = new List<CallbackEvent> { CallbackEvent.Queued, CallbackEvent.Sent };
            if (random.Next(3) == 0)
            {
                events.Add(CallbackEvent.Fallback);
            }

            events.Add(delivers[i] ? CallbackEvent.Delivered : CallbackEvent.Failed);
            if (delivers[i] && random.Next(3) == 0)
            {
                events.Add(CallbackEvent.Opened);
            }

            for (var e = 0; e < events.Count; e++)
            {
                var copies = 1 + random.Next(3);
                for (var c = 0; c < copies; c++)
                {
                    all.Add(TrackerKit.Callback(events[e], ids[i], e));
                }
            }
        }

        var shuffled = all.ToArray();
        random.Shuffle(shuffled);
        var batches = Enumerable.Range(0, publishers)
            .Select(p => shuffled.Where((_, index) => index % publishers == p).ToArray())
            .ToArray();
        return new CallbackPlan(ids, delivers, batches);
    }

    /// <summary>Publishes every batch on a thread of its own, all at once.</summary>
    public Task PublishAllAsync(DeliveryTracker tracker, Task startSignal) =>
        Task.WhenAll(Batches.Select(batch => Task.Run(async () =>
        {
            await startSignal;
            foreach (var callback in batch)
            {
                tracker.Publish(callback);
            }
        })));

    /// <summary>Asserts the result is the one this plan makes for the notification.</summary>
    public void AssertOutcome(int index, DeliveryResult result)
    {
        Assert.Equal(Ids[index], result.NotificationId);
        if (Delivers[index])
        {
            Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
            Assert.Contains(result.FinalCallback!.Event, new[] { CallbackEvent.Delivered, CallbackEvent.Opened });
        }
        else
        {
            Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
            Assert.Equal(CallbackEvent.Failed, result.FinalCallback!.Event);
        }

        Assert.Contains(result.FinalCallback, result.Callbacks);
        Assert.All(result.Callbacks, c => Assert.Equal(Ids[index], c.NotificationId));
        var distinct = result.Callbacks.Select(c => (c.Event.ToString(), c.ChannelUsed.ToString(), c.Timestamp)).Distinct().Count();
        Assert.Equal(distinct, result.Callbacks.Count);
    }
}
