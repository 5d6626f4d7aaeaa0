using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Smooven.Client.LoadTests.Runs.Tracker;

/// <summary>
/// Notes when the first terminal callback (delivered or failed) for each notification reached
/// the server, before any endpoint sees it; both sides of the tracker run pass through it.
/// </summary>
internal sealed class ReceiptClock
{
    private readonly ConcurrentDictionary<string, long> _terminalReceipts = new(StringComparer.Ordinal);
    private long _received;

    /// <summary>Every callback POST seen, terminal or not, duplicates included.</summary>
    public long Received => Interlocked.Read(ref _received);

    public bool TryGetReceipt(string notificationId, out long timestamp) => _terminalReceipts.TryGetValue(notificationId, out timestamp);

    public void Clear() => _terminalReceipts.Clear();

    public void Use(IApplicationBuilder app, PathString callbackPaths) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(callbackPaths))
        {
            await next(context);
            return;
        }

        var receivedAt = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);
        context.Request.EnableBuffering();
        using (var buffer = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (TryReadTerminal(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var notificationId))
            {
                _terminalReceipts.TryAdd(notificationId, receivedAt);
            }
        }

        context.Request.Body.Position = 0;
        await next(context);
    });

    // Only the two fields needed; a body this cannot read is left to the endpoint to refuse.
    internal static bool TryReadTerminal(ReadOnlySpan<byte> body, out string notificationId)
    {
        notificationId = string.Empty;
        string? id = null;
        var terminal = false;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("notification_id"u8))
                {
                    reader.Read();
                    id = reader.GetString();
                }
                else if (reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    terminal = reader.ValueTextEquals("notification.delivered"u8) || reader.ValueTextEquals("notification.failed"u8);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (!terminal || string.IsNullOrEmpty(id))
        {
            return false;
        }

        notificationId = id;
        return true;
    }
}
