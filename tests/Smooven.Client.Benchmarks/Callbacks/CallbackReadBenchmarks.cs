using BenchmarkDotNet.Attributes;
using Smooven.Client.Benchmarks.Fixtures;

namespace Smooven.Client.Benchmarks.Callbacks;

/// <summary>
/// What a receiver does with each callback: check and parse it, parsing alone, and the hash of the
/// raw body that MapSmoovenWebhook keys its duplicate window on (XXH3-128, beside the SHA-256 it
/// replaced), to explain the webhook run.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Callback")]
public class CallbackReadBenchmarks
{
    private readonly CallbackFixture _fixture = new();
    private CallbackVerifier _verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _verifier = new CallbackVerifier(CallbackFixture.SecretKey);
        SetupCheck.RequireUnlessPending(() => Verify().NotificationId == "ntf_bench000000001", "CallbackVerifier.Verify");
        SetupCheck.Require(Parse().NotificationId == "ntf_bench000000001", "DeliveryCallback.Parse");
    }

    [Benchmark(Description = "CallbackVerifier.Verify (check + parse)")]
    public DeliveryCallback Verify() => _verifier.Verify(_fixture.Body, _fixture.SmoovenHeader);

    [Benchmark(Baseline = true, Description = "DeliveryCallback.Parse")]
    public DeliveryCallback Parse() => DeliveryCallback.Parse(_fixture.Body);

    [Benchmark(Description = "XxHash128 of the body (the webhook's duplicate key)")]
    public UInt128 DuplicateKey() => System.IO.Hashing.XxHash128.HashToUInt128(_fixture.Body, 42);

    [Benchmark(Description = "SHA256.HashData of the body (the duplicate key before)")]
    public byte DuplicateKeyBefore()
    {
        Span<byte> hash = stackalloc byte[System.Security.Cryptography.SHA256.HashSizeInBytes];
        System.Security.Cryptography.SHA256.HashData(_fixture.Body, hash);
        return hash[0];
    }
}
