using System.IO.Hashing;
using System.Security.Cryptography;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// A 128-bit XXH3 hash of a raw callback body: what makes a retried delivery (same body, new
/// signature) recognisable. A fast non-cryptographic hash is enough here: only bodies whose
/// signature checked out are hashed, so no outsider can craft a colliding body, and the seed is
/// drawn at random per process, so no one can predict the keys either. Two distinct genuine
/// callbacks collide with odds around 2^-128 per pair, nothing next to a lost network packet.
/// It costs a small fraction of a SHA-256, which on Linux also pays a native call per body.
/// </summary>
internal readonly struct BodyHash : IEquatable<BodyHash>
{
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private readonly UInt128 _value;

    private BodyHash(UInt128 value)
    {
        _value = value;
    }

    public static BodyHash Of(ReadOnlySpan<byte> body) => new(XxHash128.HashToUInt128(body, Seed));

    public bool Equals(BodyHash other) => _value == other._value;

    public override bool Equals(object? obj) => obj is BodyHash other && Equals(other);

    // The hash is already uniformly spread; any 32 bits of it make a good bucket index.
    public override int GetHashCode() => (int)(ulong)_value;
}
