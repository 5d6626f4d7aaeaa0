using System.Net.Http.Headers;
using System.Text;

namespace Smooven.Client.Testing.Callbacks;

/// <summary>
/// Makes one delivery attempt of a callback: signs the body at the current time, POSTs it and
/// waits for an answer up to the callback timeout, measured on the emulator's clock.
/// </summary>
internal sealed class CallbackSender(HttpClient httpClient, string secretKey, TimeProvider timeProvider, TimeSpan timeout)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<CallbackAttempt> SendAsync(PlannedCallback callback, int attemptNumber, bool isDuplicate, CancellationToken stopping)
    {
        var sentAt = timeProvider.GetUtcNow();
        var signature = CallbackSigner.CreateHeader(secretKey, callback.Body, sentAt);
        int? statusCode = null;
        string? error = null;

        // On the emulator's TimeProvider, so a test's fake clock decides when "no answer within 10 s" is reached.
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, stopping);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, callback.Url);
            request.Content = new ByteArrayContent(callback.Body);
            request.Content.Headers.ContentType = Json;
            request.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, signature);
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            statusCode = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            error = $"no answer within {timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }

        return new CallbackAttempt(
            callback.NotificationId,
            callback.Event,
            callback.Channel,
            attemptNumber,
            isDuplicate,
            callback.Url,
            Encoding.UTF8.GetString(callback.Body),
            signature,
            sentAt,
            statusCode,
            error);
    }
}
