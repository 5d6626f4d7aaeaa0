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
        return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    // A base address without a trailing slash would lose its last segment when combined.
    private static Uri NotifyUri(Uri baseAddress)
    {
        var withSlash = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(withSlash, "v1/agent/notify");
    }
}
