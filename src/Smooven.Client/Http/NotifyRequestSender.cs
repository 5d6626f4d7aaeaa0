using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace Smooven.Client.Http;

/// <summary>Makes one notify attempt: a fresh request message over the already serialized body.</summary>
internal sealed class NotifyRequestSender
{
    private static readonly string UserAgent =
        $"smooven-dotnet/{Diagnostics.SmoovenTelemetry.Version} (.NET {Environment.Version}; {RuntimeInformation.OSDescription})";

    private readonly HttpClient _httpClient;
    private readonly Uri _notifyUri;
    private readonly string _authorization;

    public NotifyRequestSender(HttpClient httpClient, SmoovenClientOptions options)
    {
        _httpClient = httpClient;
        _notifyUri = NotifyUri(options.BaseAddress);
        _authorization = "Bearer " + options.SecretKey;
    }

    public Uri NotifyUri() => _notifyUri;

    public async ValueTask<HttpResponseMessage> SendAsync(byte[] body, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _notifyUri);
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // The body is read here, within the attempt, so that a connection lost while it is read is retried like
        // any other; and by AnswerBuffer, with a size limit that HttpClient's own buffering would not keep.
        var started = Stopwatch.GetTimestamp();
        var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            // HttpClient.Timeout stops at the headers when the body is left unread, so the body gets what is left
            // of it: the attempt as a whole keeps within it. Like HttpClient's, it runs on the real clock.
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyTimeout.CancelAfter(TimeLeft(_httpClient.Timeout, Stopwatch.GetElapsedTime(started)));
            await AnswerBuffer.BufferAsync(response, idempotencyKey, bodyTimeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's own token, as HttpClient reports it, so that 'when (e.CancellationToken == token)' still matches.
            response.Dispose();
            throw new TaskCanceledException(ex.Message, ex, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static TimeSpan TimeLeft(TimeSpan timeout, TimeSpan elapsed) =>
        timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - elapsed).Ticks));

    // A base address without a trailing slash would lose its last segment when combined.
    private static Uri NotifyUri(Uri baseAddress)
    {
        var withSlash = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(withSlash, "v1/agent/notify");
    }
}
