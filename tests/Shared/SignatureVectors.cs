using System.Text;

namespace Smooven.Client.TestSupport;

/// <summary>
/// The wire-contract test vector and digests computed outside the SDK, with
/// <c>printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret"</c>.
/// </summary>
internal static class SignatureVectors
{
    public const string SecretKey = "sk_test_smooven_vector";
    public const string OldSecretKey = "sk_test_smooven_old";
    public const string UnicodeSecretKey = "sk_tëst_ключ";
    public const long T = 1772697615;
    public const string Body = """{"event":"notification.delivered","notification_id":"ntf_abc123def456","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z"}""";

    /// <summary>The wire-contract vector.</summary>
    public const string V1 = "46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef097";

    /// <summary>Same t and body, signed with <see cref="OldSecretKey"/>.</summary>
    public const string V1OldKey = "4e0084759c4e5d66b1e4c792c3f73fe69367f9467006f9475a1bd891957e6a8b";

    /// <summary>Same t and body, signed with <see cref="UnicodeSecretKey"/> (its UTF-8 bytes).</summary>
    public const string V1UnicodeKey = "5ce41cf11f7c41b61dcf14ffbf3bd538dc023d9f59a2ffae24973dfe3e6502e4";

    /// <summary>t = 4102444800 (2100-01-01T00:00:00Z), same body and key.</summary>
    public const long T2100 = 4102444800;
    public const string V1At2100 = "353c8a1254a2b66263de64423372225dda8aec921e1a71e7b37d91ebb451a20d";

    /// <summary>t sent as "01772697615": the text, not the number, is signed.</summary>
    public const string V1LeadingZeroT = "1009b3e2ae0bd49b3d36f25e135e528f5704020cea7e86217848bb60ce871bbc";

    /// <summary>Same t and key over an empty body.</summary>
    public const string V1EmptyBody = "a5477fa333a2af4a064d72f79324a00b4e4b88f23150de9c83ce5cae399cae34";

    /// <summary>Same t and key over <see cref="LargeBody"/>: 100,105 bytes, hashed without being copied.</summary>
    public const string V1LargeBody = "cb5c2fe2efb8143c1de2feaa49c8004908b80e7cf45c624926138ba0d440e5af";

    public const string Header = $"t=1772697615,v1={V1}";

    /// <summary>The vector body signed with <see cref="OldSecretKey"/> at <see cref="T"/>.</summary>
    public const string HeaderOldKey = $"t=1772697615,v1={V1OldKey}";

    /// <summary>An event this SDK does not know, with a channel and a field it does not know either.</summary>
    public const string BouncedBody = """{"event":"notification.bounced","notification_id":"ntf_bounce1","channel_used":"pigeon","timestamp":"2026-03-05T08:00:15Z","reason":"mailbox_full"}""";
    public const string BouncedHeader = "t=1772697615,v1=82166145d072d029635fd2f97b26b8a289b4328d74d118b6b9af98432db25ed5";

    public static byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);

    /// <summary>A callback padded with 100,000 'x' in an unknown field.</summary>
    public static byte[] LargeBody => Encoding.UTF8.GetBytes(
        $$"""{"event":"notification.sent","notification_id":"ntf_big","timestamp":"2026-03-05T08:00:15Z","padding":"{{new string('x', 100_000)}}"}""");

    public static DateTimeOffset SignedAt => DateTimeOffset.FromUnixTimeSeconds(T);
}
