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

    /// <summary>
    /// Posts as Smooven retries: again while the answer is 503. An instance marks a delivery handled
    /// without waiting for Redis to answer, so a retry sent the moment its 200 arrives can still find
    /// the delivery in hand elsewhere; Smooven's first retry comes 5 s later.
    /// </summary>
    public async Task<HttpResponseMessage> PostUntilAnsweredAsync(Uri callbackUrl)
    {
        using var http = new HttpClient();
        for (var attempt = 1; ; attempt++)
        {
            var response = await PostAsync(http, callbackUrl);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 100)
            {
                return response;
            }

            response.Dispose();
            await Task.Yield();
        }
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri callbackUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl) { Content = new ByteArrayContent(Body) };
        request.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, HeaderAt(DateTimeOffset.UtcNow));
        return await http.SendAsync(request);
    }
}
