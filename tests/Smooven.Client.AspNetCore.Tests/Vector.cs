using System.Text;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// The wire-contract test vector and digests computed outside the SDK with
/// <c>printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret"</c>.
/// </summary>
internal static class Vector
{
    public const string SecretKey = "sk_test_smooven_vector";
    public const string OldSecretKey = "sk_test_smooven_old";
    public const long T = 1772697615;
    public const string Body = """{"event":"notification.delivered","notification_id":"ntf_abc123def456","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z"}""";
    public const string Header = "t=1772697615,v1=46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef097";

    /// <summary>The vector body signed with <see cref="OldSecretKey"/> at <see cref="T"/>.</summary>
    public const string HeaderOldKey = "t=1772697615,v1=4e0084759c4e5d66b1e4c792c3f73fe69367f9467006f9475a1bd891957e6a8b";

    /// <summary>An event this SDK does not know, with a channel and a field it does not know either.</summary>
    public const string BouncedBody = """{"event":"notification.bounced","notification_id":"ntf_bounce1","channel_used":"pigeon","timestamp":"2026-03-05T08:00:15Z","reason":"mailbox_full"}""";
    public const string BouncedHeader = "t=1772697615,v1=82166145d072d029635fd2f97b26b8a289b4328d74d118b6b9af98432db25ed5";

    public static byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);

    public static DateTimeOffset SignedAt => DateTimeOffset.FromUnixTimeSeconds(T);
}
