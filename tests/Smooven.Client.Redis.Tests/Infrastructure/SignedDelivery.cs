using System.Text;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>A callback body, and requests that deliver it signed anew each time, as Smooven's retries are.</summary>
internal sealed class SignedDelivery(string secretKey, string notificationId, string status = "delivered")
{
    public byte[] Body { get; } = Encoding.UTF8.GetBytes(
        $$"""{"event":"notification.{{status}}","notification_id":"{{notificationId}}","channel_used":"sms","status":"{{status}}","timestamp":"2026-03-05T08:00:15Z"}""");

    public string HeaderAt(DateTimeOffset time) => CallbackSigner.CreateHeader(secretKey, Body, time);

    public async Task<HttpResponseMessage> PostAsync(Uri callbackUrl)
    {
        using var http = new HttpClient();
        return await PostAsync(http, callbackUrl);
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri callbackUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl) { Content = new ByteArrayContent(Body) };
        request.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, HeaderAt(DateTimeOffset.UtcNow));
        return await http.SendAsync(request);
    }
}
