using System.Text.Json;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

public class ScenarioTests
{
    public static TheoryData<EmulatorScenario, string[]> Stories => new()
    {
        { EmulatorScenario.Delivered, ["notification.queued/sms", "notification.sent/sms", "notification.delivered/sms"] },
        { EmulatorScenario.Failed, ["notification.queued/sms", "notification.sent/sms", "notification.failed/sms"] },
        { EmulatorScenario.FallbackThenDelivered, ["notification.queued/sms", "notification.sent/sms", "notification.fallback/sms", "notification.sent/email", "notification.delivered/email"] },
        { EmulatorScenario.FallbackThenFailed, ["notification.queued/sms", "notification.sent/sms", "notification.fallback/sms", "notification.sent/email", "notification.failed/email"] },
        { EmulatorScenario.DeliveredOpenedClicked, ["notification.queued/email", "notification.sent/email", "notification.delivered/email", "notification.opened/email", "notification.clicked/email"] },
        { EmulatorScenario.Silence, [] },
    };

    [Theory]
    [MemberData(nameof(Stories))]
    public async Task Each_scenario_posts_its_callbacks_in_order_signed_with_the_secret_key(EmulatorScenario scenario, string[] expected)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => scenario });
        using var client = Emulated.ClientFor(emulator);

        var accepted = await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal(expected, Emulated.EventsOf(receiver.Received));
        Assert.All(receiver.Received, callback =>
        {
            Assert.Equal("application/json", callback.ContentType);
            Assert.True(IndependentSignature.IsValid(emulator.SecretKey, callback.Signature!, callback.Body), callback.Signature);
            Assert.Equal(accepted.NotificationId, callback.Parse().NotificationId);
        });
        Assert.Equal(expected.Length, emulator.CallbackAttempts.Count);
        Assert.All(emulator.CallbackAttempts, attempt => Assert.Equal(200, attempt.StatusCode));
    }

    [Fact]
    public async Task A_callback_body_has_exactly_the_wire_contract_fields_in_order()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);

        var accepted = await client.NotifyAsync(Emulated.Reminder(receiver.Url, urgency: Urgency.High));
        await receiver.WaitForCountAsync(3);

        var delivered = receiver.Received[2];
        using var json = JsonDocument.Parse(delivered.Body);
        var root = json.RootElement;
        Assert.Equal(
            ["event", "notification_id", "channel_used", "status", "timestamp", "recipient", "metadata"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("notification.delivered", root.GetProperty("event").GetString());
        Assert.Equal(accepted.NotificationId, root.GetProperty("notification_id").GetString());
        Assert.Equal("sms", root.GetProperty("channel_used").GetString());
        Assert.Equal("delivered", root.GetProperty("status").GetString());
        Assert.Equal("2026-03-05T08:00:15Z", root.GetProperty("timestamp").GetString());
        Assert.Equal(["user_id", "channel_address"], root.GetProperty("recipient").EnumerateObject().Select(p => p.Name));
        Assert.Equal("sarah@example.com", root.GetProperty("recipient").GetProperty("user_id").GetString());
        Assert.Matches(@"^\+614\d{8}$", root.GetProperty("recipient").GetProperty("channel_address").GetString());
        Assert.Equal(["intent", "urgency"], root.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Remind Sarah about her appointment", root.GetProperty("metadata").GetProperty("intent").GetString());
        Assert.Equal("high", root.GetProperty("metadata").GetProperty("urgency").GetString());

        // Signed at the emulator's clock: t is the fake now, 2026-03-05T08:00:15Z.
        Assert.Equal(1772697615, IndependentSignature.Parse(delivered.Signature!).T);
    }

    [Theory]
    [InlineData("sarah@example.com", null)]
    [InlineData("sarah+delivered@example.com", EmulatorScenario.Delivered)]
    [InlineData("sarah+failed@example.com", EmulatorScenario.Failed)]
    [InlineData("sarah+FAILED@example.com", EmulatorScenario.Failed)]
    [InlineData("sarah+fallback@example.com", EmulatorScenario.FallbackThenDelivered)]
    [InlineData("sarah+fallback-failed@example.com", EmulatorScenario.FallbackThenFailed)]
    [InlineData("sarah+opened@example.com", EmulatorScenario.DeliveredOpenedClicked)]
    [InlineData("sarah+clicked@example.com", EmulatorScenario.DeliveredOpenedClicked)]
    [InlineData("sarah+silence@example.com", EmulatorScenario.Silence)]
    [InlineData("user-42+failed", EmulatorScenario.Failed)]
    [InlineData("sarah+holiday@example.com", null)]
    [InlineData("+61400000000", null)]
    [InlineData("+61400000000+failed", EmulatorScenario.Failed)] // a phone-number user_id: its leading '+' is not the tag's
    [InlineData("+61400000000+silence@example.com", EmulatorScenario.Silence)]
    [InlineData(null, null)]
    public void A_user_id_tag_names_the_scenario(string? userId, EmulatorScenario? expected) =>
        Assert.Equal(expected, SmoovenEmulator.ScenarioFromUserId(userId));

    [Fact]
    public async Task Without_a_selector_the_user_id_tag_picks_the_scenario_and_the_default_applies_otherwise()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var client = Emulated.ClientFor(emulator);

        var failed = await client.NotifyAsync(Emulated.Reminder(receiver.Url, userId: "sarah+failed@example.com"));
        var plain = await client.NotifyAsync(Emulated.Reminder(receiver.Url, userId: "sarah@example.com"));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Contains(receiver.Received, c => c.Parse().NotificationId == failed.NotificationId && c.Parse().Event == CallbackEvent.Failed);
        Assert.Contains(receiver.Received, c => c.Parse().NotificationId == plain.NotificationId && c.Parse().Event == CallbackEvent.Delivered);
        Assert.DoesNotContain(receiver.Received, c => c.Parse().NotificationId == failed.NotificationId && c.Parse().Event == CallbackEvent.Delivered);
    }

    [Fact]
    public async Task A_selector_sees_each_notification_and_decides_per_notification()
    {
        var seen = new List<EmulatedNotification>();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions
        {
            ScenarioSelector = n =>
            {
                lock (seen)
                {
                    seen.Add(n);
                }

                return n.SequenceNumber == 1 ? EmulatorScenario.Failed : EmulatorScenario.Delivered;
            },
        });
        using var client = Emulated.ClientFor(emulator);

        var first = await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        var second = await client.NotifyAsync(Emulated.Reminder(receiver.Url, urgency: Urgency.Critical));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal([first.NotificationId, second.NotificationId], seen.Select(n => n.NotificationId));
        Assert.Equal(receiver.Url, seen[0].CallbackUrl);
        Assert.Equal("sarah@example.com", seen[0].Context!.Value.GetProperty("user_id").GetString());
        Assert.Equal(CallbackEvent.Failed, receiver.Received.Last(c => c.Parse().NotificationId == first.NotificationId).Parse().Event);
        Assert.Equal(CallbackEvent.Delivered, receiver.Received.Last(c => c.Parse().NotificationId == second.NotificationId).Parse().Event);
    }

    [Fact]
    public async Task A_throwing_selector_answers_500_and_sends_nothing()
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions
        {
            ScenarioSelector = _ => throw new InvalidOperationException("boom"),
        });
        using var client = new SmoovenClient(null, new SmoovenClientOptions { SecretKey = emulator.SecretKey, BaseAddress = emulator.BaseAddress, MaxRetries = 0 }, null, null, null);

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => client.NotifyAsync(Emulated.Reminder(null)));

        Assert.Equal("scenario_selector_failed", error.ErrorCode);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Notifications);
    }

    [Fact]
    public async Task The_event_interval_spaces_callbacks_on_the_emulator_clock()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock, EventInterval = TimeSpan.FromSeconds(2) });
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await receiver.WaitForCountAsync(1);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        Assert.Single(receiver.Received);
        clock.Advance(TimeSpan.FromSeconds(2));
        await receiver.WaitForCountAsync(2);
        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(2));
        await receiver.WaitForCountAsync(3);

        Assert.Equal(
            ["2026-03-05T08:00:15Z", "2026-03-05T08:00:17Z", "2026-03-05T08:00:19Z"],
            receiver.Received.Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("timestamp").GetString()));
    }
}
