using System.Net;
using System.Text;

namespace Smooven.Client.Benchmarks.Client;

/// <summary>
/// Answers every request at once with 202 and a notification_id, without a socket, so a
/// benchmark sees the client's own per-call work and nothing of the network.
/// </summary>
internal sealed class CannedAcceptedHandler : HttpMessageHandler
{
    private static readonly byte[] Accepted = Encoding.UTF8.GetBytes("""{"notification_id":"ntf_abc123def456","status":"queued"}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A network answer never comes back synchronously; neither does this one, so every async
        // layer above it is paid for as it would be over a socket.
        await Task.Yield();

        // Read the body as a server would, so lazily produced content is paid for on both sides.
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var content = new ByteArrayContent(Accepted);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = content, RequestMessage = request };
    }
}
