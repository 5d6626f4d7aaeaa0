using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Smooven.Client.Benchmarks.Fixtures;
using StandardWebhooks;
using Stripe;

namespace Smooven.Client.Benchmarks.Signature;

/// <summary>
/// Checking one callback signature over the same 1 KiB body: the SDK, the two libraries a user
/// would otherwise reach for, a hand-written one-shot HMAC, and the floor (an HMAC instance
/// kept across calls, which is as cheap as HMAC-SHA256 over these bytes gets).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Signature")]
public class SignatureCheckBenchmarks
{
    private const string StandardWebhooksMessageId = "msg_bench000000001";

    private readonly CallbackFixture _fixture = new();
    private CallbackVerifier _verifier = null!;
    private IncrementalHash _reusedHmac = null!;
    private StandardWebhook _standardWebhook = null!;
    private HeaderDictionary _standardWebhookHeaders = null!;

    [GlobalSetup]
    public void Setup()
    {
        _verifier = new CallbackVerifier(CallbackFixture.SecretKey);
        _reusedHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _fixture.Key);

        // StandardWebhooks keys are "whsec_" + base64; the same key bytes as the others use.
        _standardWebhook = new StandardWebhook("whsec_" + Convert.ToBase64String(_fixture.Key));
        var signature = _standardWebhook.Sign(StandardWebhooksMessageId, _fixture.SignedAt, _fixture.BodyText);
        _standardWebhookHeaders = new HeaderDictionary
        {
            ["webhook-id"] = StandardWebhooksMessageId,
            ["webhook-timestamp"] = _fixture.UnixSeconds,
            ["webhook-signature"] = signature,
        };

        // Every contender must take its success path, or the comparison means nothing.
        SetupCheck.RequireUnlessPending(() => SmoovenCheck() == SignatureStatus.Valid, "CallbackVerifier.Check");
        SetupCheck.Require(Floor_ReusedHmac(), "reused HMAC");
        SetupCheck.Require(OneShot_HmacHashData(), "one-shot HMAC");
        Stripe_ValidateSignature();
        StandardWebhooks_Verify();
    }

    [GlobalCleanup]
    public void Cleanup() => _reusedHmac.Dispose();

    [Benchmark(Description = "Smooven CallbackVerifier.Check")]
    public SignatureStatus SmoovenCheck() => _verifier.Check(_fixture.Body, _fixture.SmoovenHeader);

    [Benchmark(Description = "Stripe.net EventUtility.ValidateSignature")]
    public void Stripe_ValidateSignature() =>
        EventUtility.ValidateSignature(_fixture.BodyText, _fixture.SmoovenHeader, CallbackFixture.SecretKey, 300);

    [Benchmark(Description = "StandardWebhooks Verify")]
    public void StandardWebhooks_Verify() => _standardWebhook.Verify(_fixture.BodyText, _standardWebhookHeaders);

    [Benchmark(Description = "one-shot HMACSHA256.HashData + FixedTimeEquals")]
    public bool OneShot_HmacHashData()
    {
        var prefix = _fixture.SignedPrefix;
        var body = _fixture.Body;
        Span<byte> message = stackalloc byte[prefix.Length + body.Length];
        prefix.CopyTo(message);
        body.CopyTo(message[prefix.Length..]);
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_fixture.Key, message, digest);
        return CryptographicOperations.FixedTimeEquals(digest, _fixture.ExpectedDigest);
    }

    // The floor hashes the signed message already laid out in one buffer (one update, no copy, no
    // header to read): nothing that checks this signature can do less.
    [Benchmark(Baseline = true, Description = "floor: reused HMAC-SHA256 + FixedTimeEquals")]
    public bool Floor_ReusedHmac()
    {
        _reusedHmac.AppendData(_fixture.SignedMessage);
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _reusedHmac.GetHashAndReset(digest);
        return CryptographicOperations.FixedTimeEquals(digest, _fixture.ExpectedDigest);
    }
}
