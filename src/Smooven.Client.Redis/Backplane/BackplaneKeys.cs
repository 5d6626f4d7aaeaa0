using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The Redis names the backplane uses under <see cref="SmoovenRedisOptions.KeyPrefix"/>, and the
/// origin this instance writes its stream entries with (new at every start).
/// </summary>
internal sealed class BackplaneKeys
{
    // The stream's field names and this instance's origin are held as bytes, like every value read
    // back from Redis: StackExchange.Redis compares bytes with bytes in place, but decodes both into
    // new strings to compare bytes with a string, which cost the reader about 1 KB per entry.
    public static readonly RedisValue BodyField = "body"u8.ToArray();
    public static readonly RedisValue SignatureField = "signature"u8.ToArray();
    public static readonly RedisValue OriginField = "origin"u8.ToArray();

    private readonly string _deliveryPrefix;

    public BackplaneKeys(IOptions<SmoovenRedisOptions> options)
    {
        var prefix = options.Value.KeyPrefix;
        Stream = prefix + ":callbacks";
        NudgeName = prefix + ":nudge";
        Nudge = RedisChannel.Literal(NudgeName);
        // The stream's own name as a hash tag: on a Redis Cluster the claim script's two keys,
        // a delivery key and the stream, must live in one slot, the stream's.
        _deliveryPrefix = prefix + ":delivery:{" + prefix + ":callbacks}:";
    }

    /// <summary>The stream every verified callback is appended to.</summary>
    public RedisKey Stream { get; }

    /// <summary>The channel that wakes the readers after an append.</summary>
    public RedisChannel Nudge { get; }

    /// <summary>The name of <see cref="Nudge"/>, for the script that publishes it.</summary>
    public string NudgeName { get; }

    /// <summary>This instance, as its entries name it: its reader skips them, it published them already.</summary>
    public RedisValue Origin { get; } = Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The duplicate-window key of a delivery, <c>{KeyPrefix}:delivery:{{KeyPrefix}:callbacks}:{hash}</c>. Unlike the endpoint's in-process hash, whose seed is
    /// random per process, every instance must derive the same key: SHA-256, whose collisions no one
    /// can craft even knowing the algorithm. Only bodies whose signature checked out get here.
    /// </summary>
    /// <remarks>
    /// The hash is in base64 (44 characters, not 64 in hex), joined to the prefix from the stack: one
    /// string per callback, and a shorter key for Redis to hash and compare on every command.
    /// </remarks>
    public RedisKey Delivery(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        Span<char> encoded = stackalloc char[44];
        Convert.TryToBase64Chars(hash, encoded, out _);
        return string.Concat(_deliveryPrefix, encoded);
    }
}
