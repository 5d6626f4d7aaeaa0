using System.Text;
using Microsoft.Extensions.Options;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Reading;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Which of this instance's own entries its reader publishes after a batch whose reply was lost or
/// late: those of the batch's claims, until the reader has read the whole stream in a turn begun
/// after the batch was put in doubt, from where the reader was when the earliest such batch was sent.
/// </summary>
public class OwnAppendsInDoubtTests
{
    private static readonly BackplaneKeys Keys = new(Options.Create(new SmoovenRedisOptions { KeyPrefix = "doubt" }));

    private static readonly RedisValue Body = Encoding.UTF8.GetBytes("""{"notification_id":"ntf_in_doubt"}""");

    // The turn that was reading when the batch failed may have passed the entry before it was in doubt.
    [Fact]
    public void An_entry_put_in_doubt_while_a_turn_reads_stays_so_until_the_end_of_the_next_turn()
    {
        var inDoubt = new OwnAppendsInDoubt(Keys);

        var reading = inDoubt.BeginTurn(out _);
        inDoubt.Add([Keys.Delivery(((ReadOnlyMemory<byte>)Body).Span)], "1000-0");
        inDoubt.EndTurn(reading);
        var inDoubtAfterThatTurn = inDoubt.Contains(Body);
        var next = inDoubt.BeginTurn(out _);
        var inDoubtDuringTheNextTurn = inDoubt.Contains(Body);
        var withoutBody = inDoubt.Contains(RedisValue.Null); // an entry someone else wrote with this instance's origin
        inDoubt.EndTurn(next);

        Assert.True(inDoubtAfterThatTurn);
        Assert.True(inDoubtDuringTheNextTurn);
        Assert.False(withoutBody);
        Assert.False(inDoubt.Contains(Body));
        Assert.False(inDoubt.Contains(Encoding.UTF8.GetBytes("""{"notification_id":"ntf_published"}""")));
    }

    [Fact]
    public void The_next_turn_reads_again_from_where_the_reader_was_when_the_earliest_batch_in_doubt_was_sent()
    {
        var inDoubt = new OwnAppendsInDoubt(Keys);

        inDoubt.Add([], "1000-5");
        inDoubt.Add([], "1000-2");
        inDoubt.Add([], "1001-0");
        inDoubt.BeginTurn(out var readAgainFrom);
        inDoubt.BeginTurn(out var thenFrom);

        Assert.Equal("1000-2", readAgainFrom.ToString());
        Assert.True(thenFrom.IsNull);
    }
}
