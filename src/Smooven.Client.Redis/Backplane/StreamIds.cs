using System.Globalization;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// Redis stream entry ids (<c>{milliseconds}-{sequence}</c>), compared: to move the reader's cursor
/// only forward, and to tell whether a trim passed it.
/// </summary>
internal static class StreamIds
{
    /// <summary>Whether <paramref name="id"/> comes after <paramref name="other"/> in the stream.</summary>
    public static bool IsAfter(RedisValue id, RedisValue other) => Parse(id).CompareTo(Parse(other)) > 0;

    // The longest id Redis returns: two 20-digit numbers and the dash.
    private const int MaxIdLength = 41;

    // Both parts are unsigned 64-bit numbers: anyone who can write to Redis can add an entry
    // beyond long.MaxValue, which must not stop the reader.
    private static (ulong Milliseconds, ulong Sequence) Parse(RedisValue id)
    {
        // Read as UTF-8 bytes, not as a string: ids from Redis are bytes already, and the reader
        // compares two of them per entry read.
        var length = id.GetByteCount();
        Span<byte> text = length <= MaxIdLength ? stackalloc byte[MaxIdLength] : new byte[length];
        text = text[..id.CopyTo(text)];
        var dash = text.IndexOf((byte)'-');
        var milliseconds = ulong.Parse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
        var sequence = dash < 0 ? 0 : ulong.Parse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return (milliseconds, sequence);
    }
}
