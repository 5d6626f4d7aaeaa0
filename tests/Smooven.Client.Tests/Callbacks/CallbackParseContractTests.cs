using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

/// <summary>
/// Parse returns a callback or throws <see cref="SmoovenCallbackFormatException"/>, for any bytes:
/// anything else would make the webhook answer 500 and Smooven retry a body that can never succeed.
/// </summary>
public class CallbackParseContractTests
{
    private const string Head = "{\"event\":\"notification.sent\",\"notification_id\":\"ntf_1\",\"timestamp\":\"2026-03-05T08:00:15Z\"";

    // Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong '/',
    // an encoded surrogate, and a code point past U+10FFFF.
    private static readonly byte[][] NotUtf8 = [[0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]];

    public static TheoryData<string> PlacesForText => new()
    {
        """{"event":"notification.sent@","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""",
        """{"event":"notification.sent","notification_id":"ntf_@","timestamp":"2026-03-05T08:00:15Z"}""",
        Head + ""","status":"deliv@ered"}""",
        Head + ""","recipient":{"user_id":"@"}}""",
        Head + ""","metadata":{"intent":"Remind @ Sarah","urgency":"high"}}""",
        Head + ""","@reason":"x"}""",
        Head + ""","recipient":{"@locale":"en"}}""",
        Head + ""","metadata":{"trace@":1}}""",
    };

    [Theory]
    [MemberData(nameof(PlacesForText))]
    public void Invalid_utf8_anywhere_is_a_format_error(string template)
    {
        foreach (var bad in NotUtf8)
        {
            var body = WithBytes(template, bad);

            var ex = Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(body));

            Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"event":"notification.\ud800","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_\udc00","timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData(Head + ""","status":"\ud83dx"}""", "status")]
    [InlineData(Head + ""","channel_used":"sms\ud800"}""", "channel_used")]
    [InlineData(Head + ""","recipient":{"user_id":"\ud800"}}""", "recipient.user_id")]
    [InlineData(Head + ""","metadata":{"intent":"\ude00\ud83d"}}""", "metadata.intent")]
    [InlineData(Head + ""","metadata":{"urgency":"\udbff"}}""", "metadata.urgency")]
    public void An_escaped_lone_surrogate_in_a_field_is_a_format_error_naming_it(string json, string field)
    {
        var ex = Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, ex.FieldName);
    }

    [Theory]
    [InlineData(Head + ""","\ud800":"x"}""")]
    [InlineData(Head + ""","recipient":{"\ud800":"x"}}""")]
    [InlineData(Head + ""","metadata":{"\ude00\ud83dintent":"x"}}""")]
    public void An_unknown_property_whose_name_is_a_lone_surrogate_is_a_format_error(string json)
    {
        Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void An_unknown_field_is_kept_as_it_arrived_even_when_its_text_would_not_decode()
    {
        // Not decoded, so not refused: whoever reads it gets JsonElement's own error.
        var callback = DeliveryCallback.Parse(Encoding.UTF8.GetBytes(Head + ""","note":"\ud800"}"""));

        Assert.Equal("\"\\ud800\"", callback.AdditionalProperties["note"].GetRawText());
    }

    [Fact]
    public void Nesting_beyond_the_serializer_depth_limit_is_a_format_error()
    {
        var shallow = Head + ",\"extra\":" + new string('[', 60) + new string(']', 60) + "}";
        var deep = Head + ",\"extra\":" + new string('[', 1_000) + new string(']', 1_000) + "}";

        Assert.Equal(60, Depth(DeliveryCallback.Parse(Encoding.UTF8.GetBytes(shallow)).AdditionalProperties["extra"]));
        Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(deep)));
    }

    [Theory]
    [InlineData(Head + ""","status":1e999999}""", "status")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":100000000000000000000000000000000000000}""", "timestamp")]
    [InlineData("""{"event":"notification.sent","notification_id":18446744073709551616,"timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData(Head + ""","recipient":{"user_id":-1E-999999}}""", "recipient.user_id")]
    public void A_huge_number_where_text_belongs_is_a_format_error_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<SmoovenCallbackFormatException>(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, ex.FieldName);
    }

    [Fact]
    public void A_huge_number_in_an_unknown_field_is_kept_as_it_arrived()
    {
        var callback = DeliveryCallback.Parse(Encoding.UTF8.GetBytes(Head + ""","attempts":1e999999}"""));

        Assert.Equal("1e999999", callback.AdditionalProperties["attempts"].GetRawText());
        Assert.False(callback.AdditionalProperties["attempts"].TryGetInt64(out _));
    }

    [Theory]
    [InlineData("""{"event":"notification.sent","event":"notification.delivered","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""")]
    [InlineData(Head + ""","recipient":{"user_id":"a","user_id":"b"}}""")]
    [InlineData(Head + ""","reason":"a","reason":"b"}""")]
    public void A_repeated_property_parses_or_is_a_format_error_but_never_anything_else(string json)
    {
        var error = Record.Exception(() => DeliveryCallback.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.True(error is null or SmoovenCallbackFormatException, error?.ToString());
    }

    [Fact]
    public void Verify_refuses_a_validly_signed_body_that_is_not_utf8_or_has_a_lone_surrogate_as_a_format_error()
    {
        var verifier = new CallbackVerifier(SecretKey, timeProvider: new FakeTimeProvider(SignedAt));
        byte[][] bodies =
        [
            WithBytes("""{"event":"notification.sent","notification_id":"ntf_@","timestamp":"2026-03-05T08:00:15Z"}""", [0xFF]),
            Encoding.UTF8.GetBytes(Head + ""","recipient":{"\ud800":"x"}}"""),
        ];

        foreach (var body in bodies)
        {
            Assert.Throws<SmoovenCallbackFormatException>(() => verifier.Verify(body, IndependentHeader(body)));
        }
    }

    private static byte[] WithBytes(string template, byte[] bytes)
    {
        var at = template.IndexOf('@', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bytes, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
    }

    // Signed here with HMACSHA256 directly, not with the SDK's signer.
    private static string IndependentHeader(byte[] body)
    {
        var t = T.ToString(CultureInfo.InvariantCulture);
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.ASCII.GetBytes(t + ".").Concat(body).ToArray());
        return $"t={t},v1={Convert.ToHexString(digest).ToLowerInvariant()}";
    }

    private static int Depth(System.Text.Json.JsonElement element) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Array && element.GetArrayLength() == 1 ? 1 + Depth(element[0])
        : element.ValueKind == System.Text.Json.JsonValueKind.Array ? 1 : 0;
}
