using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Smooven.Client.Tests.Callbacks;

/// <summary>
/// The shapes a callback arrives in, usual and unusual, each with every field it parses to, and
/// the bodies that are not callbacks with the field the error names.
/// </summary>
public class CallbackShapeParseTests
{
    private const string Head = """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z",""";

    // Each expected value lists: event | notification_id | channel_used | status | timestamp |
    // recipient user_id | channel_address | metadata intent | urgency | extra fields (name=raw JSON).
    public static TheoryData<string, string> Shapes => new()
    {
        {
            """{"event":"notification.delivered","notification_id":"ntf_abc123def456","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":"sarah@example.com","channel_address":"+61400000000"},"metadata":{"intent":"Remind Sarah about her appointment","urgency":"normal"}}""",
            "notification.delivered|ntf_abc123def456|sms|delivered|2026-03-05T08:00:15.0000000+00:00|sarah@example.com|+61400000000|Remind Sarah about her appointment|normal|"
        },
        {
            """ { "event" : "notification.queued", "notification_id" : "ntf_1", "timestamp" : "2026-03-05T08:00:15+02:00" } """,
            "notification.queued|ntf_1|(null)|(null)|2026-03-05T08:00:15.0000000+02:00|(no recipient)|(no metadata)|"
        },
        {
            """{"timestamp":"2026-03-05T08:00:15.123Z","notification_id":"ntf_1","event":"notification.bounced","channel_used":"whatsapp","status":"bounced"}""",
            "notification.bounced|ntf_1|whatsapp|bounced|2026-03-05T08:00:15.1230000+00:00|(no recipient)|(no metadata)|"
        },
        {
            """{"event":"NOTIFICATION.DELIVERED","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":"SMS","metadata":{"urgency":"urgent"}}""",
            "NOTIFICATION.DELIVERED|ntf_1|SMS|(null)|2026-03-05T08:00:15.0000000+00:00|(no recipient)|(null)|urgent|"
        },
        {
            """{"event":"notification.failed","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":null,"status":null,"recipient":null,"metadata":null}""",
            "notification.failed|ntf_1|(null)|(null)|2026-03-05T08:00:15.0000000+00:00|(no recipient)|(no metadata)|"
        },
        {
            """{"event":"notification.sent","notification_id":"ntf_\u00e9\"1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"Caf\u00e9 \ud83d\ude00 \n line","urgency":null}}""",
            "notification.sent|ntf_é\"1|(null)|(null)|2026-03-05T08:00:15.0000000+00:00|(no recipient)|Café 😀 \n line|(null)|"
        },
        {
            """{"\u0065vent":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","status":"deliv\u0065red"}""",
            "notification.sent|ntf_1|(null)|delivered|2026-03-05T08:00:15.0000000+00:00|(no recipient)|(no metadata)|"
        },
        {
            """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":"u","extra":{"a":[1,2,{"b":null}]},"channel_address":null},"metadata":{"Intent":"ignored","urgency":"high","more":true}}""",
            "notification.sent|ntf_1|(null)|(null)|2026-03-05T08:00:15.0000000+00:00|u|(null)|(null)|high|"
        },
        {
            """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{},"metadata":{}}""",
            "notification.sent|ntf_1|(null)|(null)|2026-03-05T08:00:15.0000000+00:00|(null)|(null)|(null)|(null)|"
        },
        {
            """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","attempt":2}""",
            "notification.sent|ntf_1|(null)|(null)|2026-03-05T08:00:15.0000000+00:00|(no recipient)|(no metadata)|attempt=2"
        },
        {
            // A name that differs in case is not the field: it is kept as an extra one.
            """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","Status":"x"}""",
            "notification.sent|ntf_1|(null)|(null)|2026-03-05T08:00:15.0000000+00:00|(no recipient)|(no metadata)|Status=\"x\""
        },
    };

    public static TheoryData<string, string?> NotCallbacks => new()
    {
        { """{"Event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event" },
        { """{"event":"","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event" },
        { """{"event":"   ","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","channel_used":""}""", "channel_used" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","status":7}""", "status" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":"sarah"}""", "recipient" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":5}}""", "recipient.user_id" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"urgency":" "}}""", "metadata.urgency" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":7}}""", "metadata.intent" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":{"text":"x"}}}""", "metadata.intent" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"lone \ud800 high"}}""", "metadata.intent" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","metadata":{"intent":"lone \udc00 low"}}""", "metadata.intent" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"soon"}""", "timestamp" },
        { """{"event":"notification.sent","notification_id":"ntf_1"}""", "timestamp" },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z",}""", null },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"} trailing""", null },
        { """{"event":"notification.sent","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}{}""", null },
        { """{"event":"notification.sent", /* comment */ "notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", null },
        { "{\"event\":\"notification.sent\",\"notification_id\":\"ntf_1\",\"timestamp\":\"2026-03-05T08:00:15Z\"", null },
        { "null", null },
        { "[]", null },
        { "", null },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_callback_is_read_field_by_field(string json, string expected)
    {
        var callback = DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, Describe(callback));
    }

    [Theory]
    [MemberData(nameof(NotCallbacks))]
    public void A_body_that_is_not_a_callback_is_refused_naming_the_field(string json, string? field)
    {
        var ex = Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, ex.FieldName);
        if (field is not null)
        {
            Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        }
    }

    // Said as for any field (notification_id is read by the serializer's own converter): the path, and
    // the position just past the value's first token, where the serializer stops; the inner exception says what.
    [Theory]
    [InlineData("""{"event":"notification.sent","notification_id":7,"timestamp":"2026-03-05T08:00:15Z"}""", "$.notification_id", "7", "Number")]
    [InlineData(Head + "\"status\":7}", "$.status", "7", "Number")]
    [InlineData(Head + "\"status\":{\"text\":\"sent\"}}", "$.status", "{", "StartObject")]
    [InlineData(Head + "\"channel_used\":7}", "$.channel_used", "7", "Number")]
    [InlineData(Head + "\"channel_used\":\" \"}", "$.channel_used", "\" \"", "empty")]
    [InlineData(Head + "\"metadata\":{\"urgency\":true}}", "$.metadata.urgency", "true", "True")]
    [InlineData(Head + "\"metadata\":{\"intent\":7}}", "$.metadata.intent", "7", "Number")]
    [InlineData(Head + "\"metadata\":{\"intent\":[\"x\"]}}", "$.metadata.intent", "[", "StartArray")]
    [InlineData(Head + "\"metadata\":{\"intent\":\"lone \\ud800 high\"}}", "$.metadata.intent", "\"lone \\ud800 high\"", "surrogate")]
    public void A_wrongly_typed_or_undecodable_field_is_refused_saying_where_it_is_and_what_was_found(string json, string path, string firstToken, string found)
    {
        var ex = Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json)));

        var name = path[(path.LastIndexOf('.') + 1)..];
        var position = json.IndexOf($"\"{name}\":", StringComparison.Ordinal) + name.Length + 3 + firstToken.Length;
        Assert.Equal(path[2..], ex.FieldName);
        var serializerError = Assert.IsType<JsonException>(ex.InnerException);
        Assert.Contains($"Path: {path} | LineNumber: 0 | BytePositionInLine: {position}.", serializerError.Message, StringComparison.Ordinal);
        Assert.Contains(found, serializerError.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_values_are_the_shared_instances_and_unknown_ones_keep_their_text()
    {
        var callback = DeliveryCallback.Parse("""{"event":"notification.opened","notification_id":"n","timestamp":"2026-03-05T08:00:15Z","channel_used":"carrier-pigeon","metadata":{"urgency":"high"}}"""u8);

        Assert.Same(CallbackEvent.Opened.ToString(), callback.Event.ToString());
        Assert.Same(Urgency.High.ToString(), callback.Metadata!.Urgency.ToString());
        Assert.Equal("carrier-pigeon", callback.ChannelUsed.ToString());
    }

    [Fact]
    public void A_status_in_the_words_of_an_event_is_one_shared_string_and_any_other_keeps_its_text()
    {
        var first = DeliveryCallback.Parse("""{"event":"notification.delivered","notification_id":"n1","timestamp":"2026-03-05T08:00:15Z","status":"delivered"}"""u8);
        var second = DeliveryCallback.Parse("""{"event":"notification.delivered","notification_id":"n2","timestamp":"2026-03-05T08:00:15Z","status":"deliv\u0065red"}"""u8);
        var other = DeliveryCallback.Parse("""{"event":"notification.bounced","notification_id":"n3","timestamp":"2026-03-05T08:00:15Z","status":"Delivered, then bounced"}"""u8);

        Assert.Equal("delivered", first.Status);
        Assert.Same(first.Status, second.Status);
        Assert.Equal("Delivered, then bounced", other.Status);
    }

    private static string Describe(DeliveryCallback callback)
    {
        var recipient = callback.Recipient is { } r ? $"{r.UserId ?? "(null)"}|{r.ChannelAddress ?? "(null)"}" : "(no recipient)";
        var metadata = callback.Metadata is { } m ? $"{m.Intent ?? "(null)"}|{m.Urgency?.ToString() ?? "(null)"}" : "(no metadata)";
        var extra = string.Join(",", callback.AdditionalProperties.Select(p => $"{p.Key}={p.Value.GetRawText()}"));
        return string.Join(
            '|',
            callback.Event,
            callback.NotificationId,
            callback.ChannelUsed?.ToString() ?? "(null)",
            callback.Status ?? "(null)",
            callback.Timestamp.ToString("O", CultureInfo.InvariantCulture),
            recipient,
            metadata,
            extra);
    }
}
