namespace Smooven.Client;

/// <summary>
/// Reads an <c>X-Smooven-Signature</c> value (<c>t=...,v1=...[,v1=...]</c>) without allocating.
/// The limits keep a hostile header from costing more than a genuine one.
/// </summary>
internal static class SignatureHeader
{
    /// <summary>The longest header accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>The most comma-separated entries accepted.</summary>
    public const int MaxEntries = 16;

    /// <summary>The size of one HMAC-SHA256 digest.</summary>
    public const int DigestLength = 32;

    /// <summary>The most characters a 64-bit <c>t</c> can take: a sign and 19 digits.</summary>
    public const int MaxTimestampLength = 20;

    private const int HexDigestLength = DigestLength * 2;

#if NET9_0_OR_GREATER
    // ContainsAnyInRange allocates on each call in .NET 10; SearchValues does not.
    private static readonly System.Buffers.SearchValues<char> UppercaseHexLetters = System.Buffers.SearchValues.Create("ABCDEF");
#endif

    /// <summary>
    /// Splits the header into its timestamp and its well-formed v1 digests.
    /// </summary>
    /// <param name="header">The header value.</param>
    /// <param name="digests">Receives the decoded v1 digests; needs <see cref="MaxEntries"/> × <see cref="DigestLength"/> bytes.</param>
    /// <param name="timestampText">The <c>t</c> value as sent: it is part of the signed message.</param>
    /// <param name="timestamp">The <c>t</c> value in Unix seconds.</param>
    /// <param name="digestCount">How many v1 entries were 64 lowercase hex digits.</param>
    /// <returns><see cref="SignatureStatus.Valid"/> when the header is usable (not that it matches),
    /// otherwise <see cref="SignatureStatus.MissingHeader"/> or <see cref="SignatureStatus.MalformedHeader"/>.</returns>
    public static SignatureStatus Parse(
        ReadOnlySpan<char> header,
        Span<byte> digests,
        out ReadOnlySpan<char> timestampText,
        out long timestamp,
        out int digestCount)
    {
        timestampText = default;
        timestamp = 0;
        digestCount = 0;

        if (header.Length > MaxLength)
        {
            return SignatureStatus.MalformedHeader;
        }

        header = TrimWhiteSpace(header);
        if (header.IsEmpty)
        {
            return SignatureStatus.MissingHeader;
        }

        var entries = 0;
        var timestampSeen = false;
        var v1Seen = false;
        while (true)
        {
            if (++entries > MaxEntries)
            {
                return SignatureStatus.MalformedHeader;
            }

            var comma = header.IndexOf(',');
            var entry = TrimWhiteSpace(comma < 0 ? header : header[..comma]);
            var equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                return SignatureStatus.MalformedHeader;
            }

            var scheme = entry[..equals];
            var value = entry[(equals + 1)..];
            if (scheme is "t")
            {
                // Two timestamps would leave it open which one was signed.
                if (timestampSeen || !TryParseUnixSeconds(value, out timestamp))
                {
                    return SignatureStatus.MalformedHeader;
                }

                timestampSeen = true;
                timestampText = value;
            }
            else if (scheme is "v1")
            {
                v1Seen = true;
                if (TryDecodeLowerHex(value, digests.Slice(digestCount * DigestLength, DigestLength)))
                {
                    digestCount++;
                }
            }

            if (comma < 0)
            {
                break;
            }

            header = header[(comma + 1)..];
        }

        return timestampSeen && v1Seen ? SignatureStatus.Valid : SignatureStatus.MalformedHeader;
    }

    // An optional minus and 1 to 19 digits, no other sign, no white space: the text is hashed as is.
    private static bool TryParseUnixSeconds(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > MaxTimestampLength - 1)
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var c in digits)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        // 19 digits fit in a ulong; the long range is checked here.
        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    // The contract says lowercase hex; anything else is a digest that matches nothing.
    private static bool TryDecodeLowerHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != HexDigestLength)
        {
            return false;
        }

#if NET9_0_OR_GREATER
        // Both calls are vectorized; the decoder alone would also take uppercase.
        return !hex.ContainsAny(UppercaseHexLetters)
            && Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == DigestLength;
#else
        for (var i = 0; i < destination.Length; i++)
        {
            var high = LowerHexValue(hex[2 * i]);
            var low = LowerHexValue(hex[(2 * i) + 1]);
            if ((high | low) > 0xF)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
#endif
    }

#if !NET9_0_OR_GREATER
    private static int LowerHexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => 0xFF,
    };
#endif

    private static ReadOnlySpan<char> TrimWhiteSpace(ReadOnlySpan<char> text) => text.Trim(" \t");
}
