using System.Text;
using System.Text.Json;
using Smooven.Client.Serialization;

namespace Smooven.Client.Tests.Callbacks;

/// <summary>
/// The fast reader must read exactly what the serializer reads, and leave to the serializer
/// everything it is not sure of, so that results and errors never depend on which one ran.
/// </summary>
public class CommonCallbackReaderTests
{
    public static TheoryData<string> CommonShapes => new()
    {
        """{"event":"notification.delivered","notification_id":"ntf_abc123def456","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":"sarah@example.com","channel_address":"+61400000000"},"metadata":{"intent":"Remind Sarah about her appointment","urgency":"normal"}}""",
        """ { "event" : "notification.queued", "notification_id" : "ntf_1", "timestamp" : "2026-03-05T08:00:15+02:00" } """,
        """{"timestamp":"2026-03-05T08:00:15.123Z","notification_id":"ntf_1","event":"notification.bounced","channel_used":"whatsapp","status":"bounced"}""",
        """{"event":"NOTIFICATION.DELIVERED","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":"SMS","metadata":{"urgency":"urgent"}}""",
        """{"event":"notification.failed","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":null,"status":null,"recipient":null,"metadata":null}""",
        """{"event":"notification.sent","notification_id":"ntf_\u00e9\"1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"Caf\u00e9 \ud83d\ude00 \n line","urgency":null}}""",
        """{"\u0065vent":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","status":"deliv\u0065red"}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":"u","extra":{"a":[1,2,{"b":null}]},"channel_address":null},"metadata":{"Intent":"ignored","urgency":"high","more":true}}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{},"metadata":{}}""",
    };

    public static TheoryData<string> LeftToTheSerializer => new()
    {
        // Extra top-level fields belong in AdditionalProperties.
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","attempt":2}""",

        // A repeated field, in either place.
        """{"event":"notification.sent","event":"notification.delivered","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":"a","user_id":"b"}}""",

        // Names differ in case: not the field the serializer maps.
        """{"Event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""",

        // Missing or malformed fields, and bodies that are not a JSON object.
        """{"event":"","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""",
        """{"event":"   ","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":""}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","status":7}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":"sarah"}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":5}}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"urgency":" "}}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z",}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"} trailing""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}{}""",
        """{"event":"notification.sent", /* comment */ "notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""",
        """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"soon"}""",
        """{"event":"notification.sent","notification_id":"ntf_1"}""",
        "{\"event\":\"notification.sent\",\"notification_id\":\"ntf_1\",\"timestamp\":\"2026-03-05T08:00:15Z\"",
        "null",
        "[]",
        "",
    };

    [Theory]
    [MemberData(nameof(CommonShapes))]
    public void A_common_callback_is_read_as_the_serializer_reads_it(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var fast = CommonCallbackReader.TryRead(body);
        var serializer = DeliveryCallbackReader.ReadWithSerializer(body);

        Assert.NotNull(fast);
        AssertSame(serializer, fast);
        AssertSame(serializer, DeliveryCallback.Parse(body));
    }

    [Theory]
    [MemberData(nameof(LeftToTheSerializer))]
    public void An_unusual_or_bad_body_is_left_to_the_serializer_and_parses_or_fails_as_before(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Null(CommonCallbackReader.TryRead(body));

        var expected = Record.Exception(() => DeliveryCallbackReader.ReadWithSerializer(body));
        var actual = Record.Exception(() => DeliveryCallback.Parse(body));
        if (expected is null)
        {
            AssertSame(DeliveryCallbackReader.ReadWithSerializer(body), DeliveryCallback.Parse(body));
        }
        else
        {
            var formatError = Assert.IsType<SmoovenCallbackFormatException>(actual);
            Assert.Equal(((SmoovenCallbackFormatException)expected).FieldName, formatError.FieldName);
            Assert.Equal(expected.Message, formatError.Message);
        }
    }

    [Fact]
    public void Known_values_are_the_shared_instances_and_unknown_ones_keep_their_text()
    {
        var callback = CommonCallbackReader.TryRead("""{"event":"notification.opened","notification_id":"n","timestamp":"2026-03-05T08:00:15Z","channel_used":"carrier-pigeon","status":"opened"}"""u8)!;

        Assert.Equal(CallbackEvent.Opened, callback.Event);
        Assert.Same(CallbackEvent.Opened.ToString(), callback.Event.ToString());
        Assert.Equal("carrier-pigeon", callback.ChannelUsed.ToString());
        Assert.Same(string.IsInterned("opened"), callback.Status);
    }

    [Fact]
    public void An_intent_kept_as_ascii_reads_the_same_from_every_thread_at_once()
    {
        var intent = new string('x', 500) + " Remind Sarah";
        var callback = DeliveryCallback.Parse(Encoding.UTF8.GetBytes(
            $$$"""{"event":"notification.sent","notification_id":"n","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"{{{intent}}}"}}"""));

        var seen = new string?[64];
        Parallel.For(0, seen.Length, i => seen[i] = callback.Metadata!.Intent);

        Assert.All(seen, value => Assert.Equal(intent, value));
    }

    private static void AssertSame(DeliveryCallback expected, DeliveryCallback actual)
    {
        Assert.Equal(expected.Event.ToString(), actual.Event.ToString());
        Assert.Equal(expected.NotificationId, actual.NotificationId);
        Assert.Equal(expected.ChannelUsed?.ToString(), actual.ChannelUsed?.ToString());
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Assert.Equal(expected.Recipient is null, actual.Recipient is null);
        Assert.Equal(expected.Recipient?.UserId, actual.Recipient?.UserId);
        Assert.Equal(expected.Recipient?.ChannelAddress, actual.Recipient?.ChannelAddress);
        Assert.Equal(expected.Metadata is null, actual.Metadata is null);
        Assert.Equal(expected.Metadata?.Intent, actual.Metadata?.Intent);
        Assert.Equal(expected.Metadata?.Urgency?.ToString(), actual.Metadata?.Urgency?.ToString());
        Assert.Equal(
            expected.AdditionalProperties.Select(p => (p.Key, p.Value.GetRawText())),
            actual.AdditionalProperties.Select(p => (p.Key, p.Value.GetRawText())));
    }
}
