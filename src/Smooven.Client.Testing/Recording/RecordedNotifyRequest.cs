namespace Smooven.Client.Testing;

/// <summary>One request the emulator's notify endpoint received, and how it answered.</summary>
public sealed class RecordedNotifyRequest
{
    internal RecordedNotifyRequest(
        string requestId,
        DateTimeOffset receivedAt,
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string body,
        int statusCode,
        string? notificationId,
        bool isReplay)
    {
        RequestId = requestId;
        ReceivedAt = receivedAt;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        StatusCode = statusCode;
        NotificationId = notificationId;
        IsReplay = isReplay;
    }

    /// <summary>The <c>X-Request-Id</c> the emulator answered with.</summary>
    public string RequestId { get; }

    /// <summary>When the request arrived, on the emulator's clock.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The request path, such as <c>/v1/agent/notify</c>.</summary>
    public string Path { get; }

    /// <summary>The request headers, names compared ignoring case; repeated headers are joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The <c>Idempotency-Key</c> header, if any.</summary>
    public string? IdempotencyKey => Headers.TryGetValue("Idempotency-Key", out var key) ? key : null;

    /// <summary>The request body as UTF-8 text.</summary>
    public string Body { get; }

    /// <summary>The status the emulator answered with: 202, or 400, 401, 413, 422, 429, 503...</summary>
    public int StatusCode { get; }

    /// <summary>The notification the answer named, for a 202.</summary>
    public string? NotificationId { get; }

    /// <summary>Whether the answer was the stored one for a repeated Idempotency-Key.</summary>
    public bool IsReplay { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path} -> {StatusCode}{(IsReplay ? " (replay)" : string.Empty)} {NotificationId}";
}
