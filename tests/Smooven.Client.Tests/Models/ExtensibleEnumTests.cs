using System.Text.Json;
using Smooven.Client.Serialization;

namespace Smooven.Client.Tests.Models;

public class ExtensibleEnumTests
{
    [Fact]
    public void Known_values_compare_equal_ignoring_case()
    {
        Assert.Equal(Urgency.High, new Urgency("HIGH"));
        Assert.True(Channel.Sms == "SMS");
        Assert.True(CallbackEvent.Delivered == "Notification.Delivered");
        Assert.Equal(Urgency.High.GetHashCode(), new Urgency("High").GetHashCode());
        Assert.NotEqual(Urgency.Low, Urgency.Critical);
    }

    [Fact]
    public void Unknown_callback_values_round_trip_through_json_unchanged()
    {
        var body = """{"event":"notification.bounced","notification_id":"ntf_1","channel_used":"carrier_pigeon","timestamp":"2026-03-05T08:00:15Z","metadata":{"urgency":"whenever"}}"""u8;

        var callback = DeliveryCallback.Parse(body);

        Assert.Equal("notification.bounced", callback.Event.ToString());
        Assert.Equal("carrier_pigeon", callback.ChannelUsed.ToString());
        Assert.Equal("whenever", callback.Metadata!.Urgency.ToString());
        Assert.NotEqual(CallbackEvent.Delivered, callback.Event);
    }

    [Theory]
    [InlineData("notification.delivered", "sms", "high")]
    [InlineData("notification\\u002edelivered", "\\u0073ms", "hig\\u0068")]
    [InlineData("NOTIFICATION.DELIVERED", "SMS", "High")]
    public void Known_callback_values_read_as_the_named_values_however_they_are_spelled(string callbackEvent, string channel, string urgency)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"event":"{{{callbackEvent}}}","notification_id":"ntf_1","channel_used":"{{{channel}}}","timestamp":"2026-03-05T08:00:15Z","metadata":{"urgency":"{{{urgency}}}"}}""");

        var callback = DeliveryCallback.Parse(body);

        Assert.Equal(CallbackEvent.Delivered, callback.Event);
        Assert.Equal(Channel.Sms, callback.ChannelUsed);
        Assert.Equal(Urgency.High, callback.Metadata!.Urgency);
    }

    [Fact]
    public void Unknown_urgency_is_written_as_given()
    {
        var payload = NotifyRequestValidator.ToPayload(new NotifyRequest { Intent = "x", Urgency = "Whenever-Possible" }, null);

        var json = JsonSerializer.Serialize(payload, SmoovenJsonContext.Default.NotifyRequestPayload);

        Assert.Contains("\"urgency\":\"Whenever-Possible\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Urgency(" "));
        Assert.Throws<ArgumentNullException>(() => new Channel(null!));
    }
}
