using System.Globalization;
using System.Text;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>
/// Distinct 1 KiB status callbacks, each signed now. Distinct bodies matter: the endpoint
/// recognises a repeated body as a retried delivery and takes a cheaper path for it.
/// </summary>
internal static class SignedCallbacks
{
    public const int BodySize = 1024;

    public static (byte[] Body, string Signature)[] Create(string secretKey, string batch, int count, string callbackEvent = "notification.delivered")
    {
        var signedAt = DateTimeOffset.UtcNow;
        var callbacks = new (byte[], string)[count];
        for (var i = 0; i < count; i++)
        {
            var body = Body(string.Create(CultureInfo.InvariantCulture, $"ntf_{batch}_{i:D9}"), callbackEvent, signedAt);
            callbacks[i] = (body, CallbackSigner.CreateHeader(secretKey, body, signedAt));
        }

        return callbacks;
    }

    public static byte[] Body(string notificationId, string callbackEvent, DateTimeOffset timestamp)
    {
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"event":"{{callbackEvent}}","notification_id":"{{notificationId}}","channel_used":"sms","status":"delivered","timestamp":"{{timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","recipient":{"user_id":"sarah@example.com","channel_address":"+61400000000"},"metadata":{"urgency":"normal","intent":"Remind Sarah about her appointment""");
        const string Tail = "\"}}";

        // The intent is padded so that every body is exactly 1 KiB, as in the micro-benchmarks.
        var padding = Math.Max(0, BodySize - Encoding.UTF8.GetByteCount(head) - Tail.Length);
        return Encoding.UTF8.GetBytes(head + new string('.', padding) + Tail);
    }
}
