using Smooven.Client.Redis.Reading;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The reader's position in the stream: it never goes back, and it passes over this instance's own
/// appends only when nothing unread can sit among them.
/// </summary>
public class StreamCursorTests
{
    [Fact]
    public void The_reader_never_moves_it_back()
    {
        var cursor = new StreamCursor();
        cursor.Reset("1000-5");

        cursor.MoveTo("999-9");
        cursor.MoveTo("1000-4");
        Assert.Equal("1000-5", cursor.Position.ToString());

        cursor.MoveTo("1000-10");
        Assert.Equal("1000-10", cursor.Position.ToString());
    }

    [Theory]
    [InlineData("9223372036854775807-0", "9223372036854775808-0")]
    [InlineData("0-18446744073709551614", "0-18446744073709551615")]
    [InlineData("1000-5", "18446744073709551615-18446744073709551615")]
    public void It_moves_to_any_id_Redis_can_give_an_entry(string position, string later)
    {
        var cursor = new StreamCursor();
        cursor.Reset(position);

        cursor.MoveTo(later);
        cursor.MoveTo(position);

        Assert.Equal(later, cursor.Position.ToString());
    }

    [Fact]
    public void Before_the_reader_starts_it_is_at_the_start_of_the_stream()
    {
        var cursor = new StreamCursor();

        cursor.PassOwn("0-0", "1002-0");

        Assert.Equal("1002-0", cursor.Position.ToString());
    }

    [Theory]
    [InlineData("1000-5", "1000-5", "1002-0", "1002-0")] // read up to the newest entry before the batch
    [InlineData("1000-5", "0-0", "1002-0", "1002-0")] // the stream was empty
    [InlineData("1000-5", "999-0", "1002-0", "1002-0")] // what came before was older than the reader's start
    [InlineData("1000-5", "1001-0", "1002-0", "1000-5")] // another instance's entry is still unread
    [InlineData("1003-0", "1000-5", "1002-0", "1003-0")] // the reader is past the batch already
    public void Own_appends_are_passed_over_only_when_everything_before_them_was_read(string position, string newestBefore, string lastAppended, string expected)
    {
        var cursor = new StreamCursor();
        cursor.Reset(position);

        cursor.PassOwn(newestBefore, lastAppended);

        Assert.Equal(expected, cursor.Position.ToString());
    }
}
