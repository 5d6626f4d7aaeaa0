using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>
/// The peer: the twenty lines a user without the SDK would write, Stripe-style. Read the body as a
/// string, check <c>t=…,v1=…</c> (HMAC-SHA256 over <c>t.body</c>, hex, fixed-time compare, 5 minute
/// tolerance), deserialize the callback, wake the waiter from a dictionary of completion sources, 200.
/// No de-duplication, no history for waits that start late, no handler dispatch: what it leaves out
/// is part of the comparison.
/// </summary>
internal static class PeerWebhookEndpoint
{
    public const string Path = "/webhooks/peer";

    /// <summary>Waits by notification id, completed by the first callback; nobody waits in the throughput run.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource<string>> Pending { get; } = new(StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder endpoints, string secretKey)
    {
        var key = Encoding.UTF8.GetBytes(secretKey);
        endpoints.MapPost(Path, async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (!IsSigned(key, context.Request.Headers[CallbackVerifier.SignatureHeaderName].ToString(), body))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var callback = JsonSerializer.Deserialize(body, PeerJsonContext.Default.PeerCallback);
            if (callback?.NotificationId is null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (Pending.TryRemove(callback.NotificationId, out var waiter))
            {
                waiter.TrySetResult(callback.Status ?? callback.Event ?? string.Empty);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
    }

    private static bool IsSigned(byte[] key, string header, string body)
    {
        string? t = null;
        var signatures = new List<string>(1);
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0] == "t")
            {
                t = pair[1];
            }
            else if (pair[0] == "v1")
            {
                signatures.Add(pair[1]);
            }
        }

        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(t + "." + body))));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }
}

/// <summary>The fields the peer reads; the rest of the callback is skipped.</summary>
internal sealed record PeerCallback(string? Event, string? NotificationId, string? Status);

/// <summary>Source-generated, as the SDK's is; a user's reflection-based call would cost about the same once warm.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PeerCallback))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
