using System.Text;
using System.Text.Json;

namespace Smooven.Client.Tests.Callbacks;

public class DeliveryCallbackParseTests
{
    private const string Full = """
        {
          "event": "notification.delivered",
          "notification_id": "ntf_abc123def456",
          "channel_used": "sms",
          "status": "delivered",
          "timestamp": "2026-03-05T08:00:15Z",
          "recipient": { "user_id": "sarah@example.com", "channel_address": "+61400000000" },
          "metadata": { "intent": "Remind Sarah about her appointment", "urgency": "normal" }
        }
        """;

    private static DeliveryCallback Parse(string json) => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json));

    private static SmoovenCallbackFormatException Refused(string json) =>
        Assert.Throws<SmoovenCallbackFormatException>(() => Parse(json));

    [Fact]
    public void The_documented_payload_is_read_field_by_field()
    {
        var callback = Parse(Full);

        Assert.Equal(CallbackEvent.Delivered, callback.Event);
        Assert.Equal("ntf_abc123def456", callback.NotificationId);
        Assert.Equal(Channel.Sms, callback.ChannelUsed);
        Assert.Equal("delivered", callback.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 8, 0, 15, TimeSpan.Zero), callback.Timestamp);
        Assert.Equal("sarah@example.com", callback.Recipient!.UserId);
        Assert.Equal("+61400000000", callback.Recipient.ChannelAddress);
        Assert.Equal("Remind Sarah about her appointment", callback.Metadata!.Intent);
        Assert.Equal(Urgency.Normal, callback.Metadata.Urgency);
        Assert.True(callback.IsTerminal);
        Assert.Empty(callback.AdditionalProperties);
    }

    [Fact]
    public void Only_the_required_fields_are_needed()
    {
        var callback = Parse("""{"event":"notification.queued","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15+02:00"}""");

        Assert.Equal(CallbackEvent.Queued, callback.Event);
        Assert.Null(callback.ChannelUsed);
        Assert.Null(callback.Status);
        Assert.Null(callback.Recipient);
        Assert.Null(callback.Metadata);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 6, 0, 15, TimeSpan.Zero), callback.Timestamp.ToUniversalTime());
        Assert.False(callback.IsTerminal);
    }

    [Fact]
    public void Unknown_events_and_channels_are_accepted_and_kept()
    {
        var callback = Parse("""{"event":"notification.bounced","notification_id":"ntf_1","channel_used":"whatsapp","timestamp":"2026-03-05T08:00:15Z"}""");

        Assert.Equal("notification.bounced", callback.Event.ToString());
        Assert.Equal(new CallbackEvent("notification.bounced"), callback.Event);
        Assert.Equal("whatsapp", callback.ChannelUsed.ToString());
        Assert.False(callback.IsTerminal);
    }

    [Fact]
    public void Unknown_fields_are_accepted_and_kept_as_they_arrived()
    {
        var callback = Parse("""
            {"event":"notification.failed","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z",
             "reason":"mailbox_full","attempts":3,"provider":{"name":"acme","codes":[550,551]},
             "recipient":{"user_id":"u1","locale":"en-AU"},"metadata":{"intent":"x","trace":"abc"}}
            """);

        Assert.Equal(3, callback.AdditionalProperties.Count);
        Assert.Equal("mailbox_full", callback.AdditionalProperties["reason"].GetString());
        Assert.Equal(3, callback.AdditionalProperties["attempts"].GetInt32());
        Assert.Equal(551, callback.AdditionalProperties["provider"].GetProperty("codes")[1].GetInt32());
        Assert.Equal("u1", callback.Recipient!.UserId);
        Assert.Equal("x", callback.Metadata!.Intent);
    }

    [Fact]
    public void Kept_fields_do_not_depend_on_the_buffer_the_body_was_read_from()
    {
        var buffer = Encoding.UTF8.GetBytes("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","reason":"kept","metadata":{"intent":"kept too"}}""");

        var callback = DeliveryCallback.Parse(buffer);
        Array.Fill(buffer, (byte)' ');

        Assert.Equal("kept", callback.AdditionalProperties["reason"].GetString());
        Assert.Equal("ntf_1", callback.NotificationId);
        Assert.Equal("kept too", callback.Metadata!.Intent);
    }

    [Theory]
    [InlineData("""Remind Sarah about her appointment""", "Remind Sarah about her appointment")]
    [InlineData("""Caf\u00e9 \ud83d\ude00 \"quoted\" \/ \n""", "Café 😀 \"quoted\" / \n")]
    [InlineData("""Café 😀 direct""", "Café 😀 direct")]
    [InlineData("", "")]
    public void The_intent_is_its_text_with_escapes_undone_and_the_same_string_on_every_read(string jsonText, string expected)
    {
        var callback = Parse($$$"""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"{{{jsonText}}}"}}""");

        var first = callback.Metadata!.Intent;

        Assert.Equal(expected, first);
        Assert.Same(first, callback.Metadata.Intent);
    }

    [Fact]
    public async Task Threads_reading_the_intent_at_once_all_get_the_same_string()
    {
        var callback = Parse("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"Remind Sarah"}}""");
        using var start = new Barrier(4);

        var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return callback.Metadata!.Intent;
        })));

        Assert.Equal("Remind Sarah", reads[0]);
        Assert.All(reads, read => Assert.Same(reads[0], read));
    }

    [Theory]
    [InlineData("""{"notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event")]
    [InlineData("""{"event":null,"notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event")]
    [InlineData("""{"event":"","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event")]
    [InlineData("""{"event":42,"notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event")]
    [InlineData("""{"event":"notification.sent","timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData("""{"event":"notification.sent","notification_id":"","timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData("""{"event":"notification.sent","notification_id":null,"timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData("""{"event":"notification.sent","notification_id":123,"timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1"}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":null}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-13-45T08:00:15Z"}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":1772697615}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":""}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":7}""", "channel_used")]
    public void A_missing_or_malformed_required_field_is_named(string json, string field)
    {
        var ex = Refused(json);

        Assert.Equal(field, ex.FieldName);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    [InlineData("""{"event":"notification.sent",""")]
    public void A_body_that_is_not_a_json_object_is_a_format_error(string json)
    {
        var ex = Refused(json);

        Assert.Null(ex.FieldName);
    }
}
