using System.Text;

namespace Smooven.Client.Tests.Callbacks;

/// <summary>The ways <see cref="CallbackMutator"/> damages a callback body.</summary>
internal enum CallbackMutation
{
    FlipBit,
    InsertByte,
    DeleteRange,
    Truncate,
    Splice,
    InvalidUtf8InString,
    LoneSurrogateEscape,
    HugeNumber,
    DeepNesting,
    DuplicateKey,
    WrongType,
    JsonPunctuation,
}

/// <summary>
/// Byte- and token-level mutations of JSON bodies for the parse fuzz test. Tokens are found
/// naively (a value starts after a colon and ends at the next comma or brace), which is
/// enough to land most mutations where a parser has to decide something.
/// </summary>
internal static class CallbackMutator
{
    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80],
    ];

    private static readonly string[] LoneSurrogates = [@"\ud800", @"\udc00", @"\uDBFF", @"\ud83dx", @"\ude00\ud83d"];

    private static readonly string[] HugeNumbers =
    [
        "1" + new string('0', 400), "1e999999", "-1E-999999", "123456789012345678901234567890.5e+308", "-0.0e-0", "18446744073709551616",
    ];

    private static readonly string[] WrongTypes = ["123", "true", "null", "[]", "{}", "\"\"", "\" \"", "[\"a\"]", "{\"a\":1}", "-1.5"];

    private static readonly string[] Punctuation = ["{", "}", "[", "]", ",", ":", "\"", "\\", "/*", "\u0000", " ", "\uFEFF"];

    public static byte[] Apply(CallbackMutation mutation, byte[] body, byte[][] corpus, Random random)
    {
        if (body.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        switch (mutation)
        {
            case CallbackMutation.FlipBit:
                var flipped = (byte[])body.Clone();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                return flipped;
            case CallbackMutation.InsertByte:
                return Insert(body, random.Next(body.Length + 1), [(byte)random.Next(256)]);
            case CallbackMutation.DeleteRange:
                var from = random.Next(body.Length);
                var to = Math.Min(body.Length, from + random.Next(1, 16));
                return [.. body[..from], .. body[to..]];
            case CallbackMutation.Truncate:
                return body[..random.Next(body.Length)];
            case CallbackMutation.Splice:
                var other = corpus[random.Next(corpus.Length)];
                return [.. body[..random.Next(body.Length + 1)], .. other[random.Next(other.Length + 1)..]];
            case CallbackMutation.InvalidUtf8InString:
                return Insert(body, AfterQuote(body, random), InvalidUtf8[random.Next(InvalidUtf8.Length)]);
            case CallbackMutation.LoneSurrogateEscape:
                return Insert(body, AfterQuote(body, random), Encoding.ASCII.GetBytes(LoneSurrogates[random.Next(LoneSurrogates.Length)]));
            case CallbackMutation.HugeNumber:
                return ReplaceValue(body, random, HugeNumbers[random.Next(HugeNumbers.Length)]);
            case CallbackMutation.DeepNesting:
                var depth = random.Next(1, 300);
                var nested = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return ReplaceValue(body, random, nested);
            case CallbackMutation.DuplicateKey:
                return DuplicatePair(body, random);
            case CallbackMutation.WrongType:
                return ReplaceValue(body, random, WrongTypes[random.Next(WrongTypes.Length)]);
            default:
                return Insert(body, random.Next(body.Length + 1), Encoding.UTF8.GetBytes(Punctuation[random.Next(Punctuation.Length)]));
        }
    }

    private static byte[] Insert(byte[] body, int at, byte[] bytes) => [.. body[..at], .. bytes, .. body[at..]];

    // Just after a quote: inside a name or a string value, or right after one.
    private static int AfterQuote(byte[] body, Random random) => Pick(body, (byte)'"', random) is { } quote ? quote + 1 : random.Next(body.Length + 1);

    private static byte[] ReplaceValue(byte[] body, Random random, string value)
    {
        if (Pick(body, (byte)':', random) is not { } colon)
        {
            return Insert(body, random.Next(body.Length + 1), Encoding.UTF8.GetBytes(value));
        }

        var end = colon + 1;
        while (end < body.Length && body[end] is not ((byte)',' or (byte)'}'))
        {
            end++;
        }

        return [.. body[..(colon + 1)], .. Encoding.UTF8.GetBytes(value), .. body[end..]];
    }

    // Repeats one "name":value pair right after itself.
    private static byte[] DuplicatePair(byte[] body, Random random)
    {
        if (Pick(body, (byte)':', random) is not { } colon)
        {
            return body;
        }

        var start = colon;
        while (start > 0 && body[start - 1] is not ((byte)',' or (byte)'{'))
        {
            start--;
        }

        var end = colon;
        while (end < body.Length && body[end] is not ((byte)',' or (byte)'}'))
        {
            end++;
        }

        return Insert(body, end, [(byte)',', .. body[start..end]]);
    }

    private static int? Pick(byte[] body, byte wanted, Random random)
    {
        var count = body.Count(b => b == wanted);
        if (count == 0)
        {
            return null;
        }

        var skip = random.Next(count);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == wanted && skip-- == 0)
            {
                return i;
            }
        }

        return null;
    }
}
