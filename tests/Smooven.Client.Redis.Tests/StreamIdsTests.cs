using System.Text;
using Smooven.Client.Redis.Backplane;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Stream ids compared as the reader compares them: as Redis returns them (bytes) and as text,
/// two unsigned 64-bit numbers each.
/// </summary>
public class StreamIdsTests
{
    [Theory]
    [InlineData("1000-5", "1000-4", true)]
    [InlineData("1000-10", "1000-9", true)]
    [InlineData("999-9", "1000-0", false)]
    [InlineData("1000-5", "1000-5", false)]
    [InlineData("1000", "999-9", true)]
    [InlineData("9223372036854775808-0", "9223372036854775807-18446744073709551615", true)]
    [InlineData("18446744073709551615-18446744073709551614", "18446744073709551615-18446744073709551615", false)]
    public void Ids_are_compared_as_numbers_whether_bytes_or_text(string id, string other, bool after)
    {
        Assert.Equal(after, StreamIds.IsAfter(Returned(id), Returned(other)));
        Assert.Equal(after, StreamIds.IsAfter(id, Returned(other)));
        Assert.Equal(after, StreamIds.IsAfter(Returned(id), other));
        Assert.Equal(after, StreamIds.IsAfter(id, other));
    }

    [Theory]
    [InlineData(null, typeof(FormatException))]
    [InlineData("", typeof(FormatException))]
    [InlineData("abc", typeof(FormatException))]
    [InlineData("1-2-3", typeof(FormatException))]
    [InlineData("-1", typeof(FormatException))]
    [InlineData("1-", typeof(FormatException))]
    [InlineData(" 1-0", typeof(FormatException))]
    [InlineData("1-0 ", typeof(FormatException))]
    [InlineData("+1-0", typeof(FormatException))]
    [InlineData("1-+0", typeof(FormatException))]
    [InlineData("1.5-0", typeof(FormatException))]
    [InlineData("\u0661-0", typeof(FormatException))]
    [InlineData("18446744073709551616-0", typeof(OverflowException))]
    [InlineData("0-18446744073709551616", typeof(OverflowException))]
    [InlineData("000000000000000000000000000000000000000000000000018446744073709551616-0", typeof(OverflowException))]
    public void A_malformed_id_is_refused(string? id, Type refusal)
    {
        RedisValue made = id;

        Assert.Throws(refusal, () => StreamIds.IsAfter(Returned(id), "0-0"));
        Assert.Throws(refusal, () => StreamIds.IsAfter("0-0", made));
    }

    [Fact]
    public void Comparing_ids_allocates_nothing_once_warm()
    {
        var read = Returned("1733560000000-7");
        var cursor = Returned("1733560000000-6");
        RedisValue start = "1733559000000-0";
        var largest = Returned("18446744073709551615-18446744073709551615");
        bool Compare() =>
            StreamIds.IsAfter(read, cursor) && StreamIds.IsAfter(read, start) && !StreamIds.IsAfter(start, cursor) && StreamIds.IsAfter(largest, read);

        for (var i = 0; i < 200; i++)
        {
            Assert.True(Compare());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allTrue = true;
        for (var i = 0; i < 1_000; i++)
        {
            allTrue &= Compare();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(allTrue);
    }

    // Redis replies are bytes, and so are the ids of the entries the reader reads.
    private static RedisValue Returned(string? id) => id is null ? RedisValue.Null : Encoding.UTF8.GetBytes(id);
}
