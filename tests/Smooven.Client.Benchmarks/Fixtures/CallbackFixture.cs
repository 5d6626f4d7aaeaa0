using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Smooven.Client.Benchmarks.Fixtures;

/// <summary>
/// One signed status callback of exactly 1 KiB, and the same bytes signed the way each peer
/// library expects, so every contender checks the same message under the same key.
/// </summary>
public sealed class CallbackFixture
{
    public const int BodySize = 1024;
    public const string SecretKey = "sk_test_smooven_benchmarks_0123456789";

    private const string Head =
        """{"event":"notification.delivered","notification_id":"ntf_bench000000001","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z","recipient":{"user_id":"sarah@example.com","channel_address":"+61400000000"},"metadata":{"urgency":"normal","intent":"Remind Sarah about her appointment""";

    private const string Tail = "\"}}";

    public CallbackFixture()
    {
        // The intent is padded so that the whole body is exactly BodySize bytes.
        var padding = BodySize - Encoding.UTF8.GetByteCount(Head) - Tail.Length;
        var json = Head + new string('.', padding) + Tail;
        Body = Encoding.UTF8.GetBytes(json);
        BodyText = json;
        if (Body.Length != BodySize)
        {
            throw new InvalidOperationException($"The fixture body is {Body.Length} bytes, not {BodySize}.");
        }

        // Signed now, so that it stays inside every library's 5-minute tolerance for the whole run.
        SignedAt = DateTimeOffset.UtcNow;
        UnixSeconds = SignedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        SmoovenHeader = CallbackSigner.CreateHeader(SecretKey, Body, SignedAt);
        Key = Encoding.UTF8.GetBytes(SecretKey);
        SignedPrefix = Encoding.ASCII.GetBytes(UnixSeconds + ".");
        SignedMessage = [.. SignedPrefix, .. Body];
        ExpectedDigest = HMACSHA256.HashData(Key, SignedMessage);
        var v1 = SmoovenHeader[(SmoovenHeader.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        if (!Convert.FromHexString(v1).AsSpan().SequenceEqual(ExpectedDigest))
        {
            throw new InvalidOperationException("CallbackSigner and HMACSHA256 disagree on the fixture's digest.");
        }
    }

    /// <summary>The raw callback body.</summary>
    public byte[] Body { get; }

    /// <summary>The body as a string, for the peers whose API takes one.</summary>
    public string BodyText { get; }

    public DateTimeOffset SignedAt { get; }

    public string UnixSeconds { get; }

    /// <summary><c>t=...,v1=...</c>: Smooven's header, which is also Stripe's format and scheme.</summary>
    public string SmoovenHeader { get; }

    public byte[] Key { get; }

    /// <summary>The ASCII of <c>t</c> and the dot that precede the body in the signed message.</summary>
    public byte[] SignedPrefix { get; }

    /// <summary><c>t.</c> and the body in one buffer: the exact bytes the HMAC covers.</summary>
    public byte[] SignedMessage { get; }

    public byte[] ExpectedDigest { get; }
}
