using System.Text;
using Microsoft.AspNetCore.Http;
using Smooven.Client.Testing.Recording;

namespace Smooven.Client.Testing.Notify;

/// <summary>One request in progress: its context, its id, and its body once read.</summary>
internal sealed class NotifyExchange(HttpContext context, string requestId, DateTimeOffset receivedAt)
{
    public HttpContext Context { get; } = context;

    public string RequestId { get; } = requestId;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public ReadOnlyMemory<byte> Body { get; private set; } = ReadOnlyMemory<byte>.Empty;

    public async Task<bool> TryReadBodyAsync(int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await Context.Request.Body.ReadAsync(chunk, Context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return false;
            }

            buffer.Write(chunk, 0, read);
        }

        Body = buffer.ToArray();
        return true;
    }

    public RecordedNotifyRequest ToRecord(int statusCode, string? notificationId, bool isReplay)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in Context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        return new RecordedNotifyRequest(
            RequestId,
            ReceivedAt,
            Context.Request.Method,
            Context.Request.Path.ToString(),
            headers,
            Encoding.UTF8.GetString(Body.Span),
            statusCode,
            notificationId,
            isReplay);
    }
}
