using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Smooven.Client;

/// <summary>
/// One immutable generation of verification settings: the keys, prepared once, and the
/// tolerance. A rotation builds a new one and swaps the reference, so a check in flight
/// finishes with the keys it started with.
/// </summary>
internal sealed class VerificationKeys
{
    // Larger bodies are hashed in place: next to their hashing a second native update costs nothing.
    private const int MaxCopiedBodyLength = 64 * 1024;

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly HmacPool _hmacs;
    private readonly TimeSpan _tolerance;

    private VerificationKeys(byte[][] keys, TimeSpan tolerance)
    {
        _hmacs = new HmacPool(keys);
        _tolerance = tolerance;
    }

    /// <summary>How far a signing time may be from now, either way.</summary>
    public TimeSpan Tolerance => _tolerance;

    /// <summary>The default of <see cref="SmoovenClientOptions.SignatureTolerance"/>.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Builds the settings, refusing what could never verify anything.</summary>
    /// <exception cref="ArgumentException">No key, or a key that is empty or holds white space or control characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is not positive.</exception>
    public static VerificationKeys Create(IEnumerable<string> secretKeys, TimeSpan? tolerance, string paramName)
    {
        ArgumentNullException.ThrowIfNull(secretKeys, paramName);
        var distinct = new List<string>();
        var index = 0;
        foreach (var key in secretKeys)
        {
            // A key that could never match Smooven's signatures is refused, never quietly kept.
            if (SecretKeyRules.FindProblem(key, asciiOnly: false) is { } problem)
            {
                throw new ArgumentException($"The secret key at index {index} {problem}.", paramName);
            }

            index++;

            if (!distinct.Contains(key, StringComparer.Ordinal))
            {
                distinct.Add(key);
            }
        }

        if (distinct.Count == 0)
        {
            throw new ArgumentException("At least one secret key is required to verify callbacks.", paramName);
        }

        var window = tolerance ?? DefaultTolerance;
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), window, "The signature tolerance must be positive; the default is 5 minutes.");
        }

        return new VerificationKeys(distinct.Select(Encoding.UTF8.GetBytes).ToArray(), window);
    }

    /// <summary>The current key first, then the older ones still accepted.</summary>
    public static VerificationKeys FromOptions(SmoovenClientOptions options) =>
        Create(options.AdditionalSecretKeys.Prepend(options.SecretKey), options.SignatureTolerance, nameof(options));

    /// <summary>Whether <paramref name="unixSeconds"/> is within the tolerance of <paramref name="now"/>, either way.</summary>
    public bool IsWithinTolerance(long unixSeconds, DateTimeOffset now)
    {
        // Outside the DateTimeOffset range is thousands of years away: outside any sane tolerance.
        if (unixSeconds < MinUnixSeconds || unixSeconds > MaxUnixSeconds)
        {
            return false;
        }

        return (now - DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Duration() <= _tolerance;
    }

    /// <summary>
    /// Whether any key's HMAC of <c>{t}.{body}</c> equals any of the digests, compared in constant time.
    /// </summary>
    /// <param name="timestampText">The <c>t</c> exactly as sent: ASCII digits and an optional minus.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="digests">The candidate digests, <see cref="SignatureHeader.DigestLength"/> bytes each.</param>
    public bool Matches(ReadOnlySpan<char> timestampText, ReadOnlySpan<byte> body, ReadOnlySpan<byte> digests)
    {
        var prefixLength = timestampText.Length + 1;
        if (body.Length > MaxCopiedBodyLength)
        {
            Span<byte> prefix = stackalloc byte[SignatureHeader.MaxTimestampLength + 1];
            WritePrefix(timestampText, prefix);
            return Matches(prefix[..prefixLength], body, digests);
        }

        // One contiguous message costs one native update instead of two, which is worth more
        // than the copy (about a tenth of the HMAC on a 1 KiB body).
        var message = ArrayPool<byte>.Shared.Rent(prefixLength + body.Length);
        try
        {
            WritePrefix(timestampText, message);
            body.CopyTo(message.AsSpan(prefixLength));
            return Matches(message.AsSpan(0, prefixLength + body.Length), [], digests);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    // The timestamp was checked to be ASCII digits and an optional minus.
    private static void WritePrefix(ReadOnlySpan<char> timestampText, Span<byte> destination)
    {
        for (var i = 0; i < timestampText.Length; i++)
        {
            destination[i] = (byte)timestampText[i];
        }

        destination[timestampText.Length] = (byte)'.';
    }

    private bool Matches(ReadOnlySpan<byte> messageStart, ReadOnlySpan<byte> messageRest, ReadOnlySpan<byte> digests)
    {
        Span<byte> digest = stackalloc byte[SignatureHeader.DigestLength];
        var lease = _hmacs.Rent();
        var clean = true;
        try
        {
            foreach (var hmac in lease)
            {
                clean = false;
                hmac.AppendData(messageStart);
                if (!messageRest.IsEmpty)
                {
                    hmac.AppendData(messageRest);
                }

                hmac.TryGetHashAndReset(digest, out _);
                clean = true;
                for (var offset = 0; offset < digests.Length; offset += SignatureHeader.DigestLength)
                {
                    if (CryptographicOperations.FixedTimeEquals(digest, digests.Slice(offset, SignatureHeader.DigestLength)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            // A lease interrupted mid-message would poison the next caller's digest.
            if (clean)
            {
                _hmacs.Return(lease);
            }
            else
            {
                HmacPool.Dispose(lease);
            }
        }
    }

    /// <summary>Frees the prepared HMACs once a newer generation has replaced this one.</summary>
    public void Retire() => _hmacs.Retire();
}
