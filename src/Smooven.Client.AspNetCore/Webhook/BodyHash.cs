using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// The SHA-256 of a raw callback body: what makes a retried delivery (same body, new
/// signature) recognisable. Only verified bodies are hashed, so no outsider picks the keys.
/// </summary>
internal readonly struct BodyHash : IEquatable<BodyHash>
{
    private readonly ulong _part0;
    private readonly ulong _part1;
    private readonly ulong _part2;
    private readonly ulong _part3;

    private BodyHash(ReadOnlySpan<byte> digest)
    {
        _part0 = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        _part1 = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        _part2 = BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]);
        _part3 = BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]);
    }

    public static BodyHash Of(ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);
        return new BodyHash(digest);
    }

    public bool Equals(BodyHash other) =>
        _part0 == other._part0 && _part1 == other._part1 && _part2 == other._part2 && _part3 == other._part3;

    public override bool Equals(object? obj) => obj is BodyHash other && Equals(other);

    // The digest is already uniformly spread; any 32 bits of it make a good bucket index.
    public override int GetHashCode() => (int)_part0;
}
