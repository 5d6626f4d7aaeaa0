using Smooven.Client.Redis.Backplane;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// How far this instance's reader has read the callback stream. The reader moves it entry by entry;
/// the endpoint's writes move it past this instance's own appends when nothing else came in between,
/// so that the reader does not fetch what it would only skip.
/// </summary>
/// <remarks>
/// Why: on the instance that receives a callback, its stream entry was published already, and
/// reading it back cost about 1.5 KB per callback under load (issue #14). The
/// write script is atomic and reports the newest entry before its first append: when the reader has
/// read that far, every entry up to the batch's last append is either read or the batch's own.
/// </remarks>
internal sealed class StreamCursor
{
    private readonly object _gate = new();
    private RedisValue _position = "0-0";

    /// <summary>The last entry read (or passed over); the next read starts after it.</summary>
    public RedisValue Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    /// <summary>Starts over from <paramref name="position"/>, whatever was read before.</summary>
    public void Reset(RedisValue position)
    {
        lock (_gate)
        {
            _position = position;
        }
    }

    /// <summary>Moves to <paramref name="id"/>, never back: the writer may have passed it already.</summary>
    public void MoveTo(RedisValue id)
    {
        lock (_gate)
        {
            if (StreamIds.IsAfter(id, _position))
            {
                _position = id;
            }
        }
    }

    /// <summary>
    /// Moves back to <paramref name="id"/>, never forward: to read again what a batch whose outcome is
    /// unknown may have appended (<see cref="OwnAppendsInDoubt"/>).
    /// </summary>
    public void MoveBackTo(RedisValue id)
    {
        lock (_gate)
        {
            if (StreamIds.IsAfter(_position, id))
            {
                _position = id;
            }
        }
    }

    /// <summary>
    /// Passes over this instance's appends, those after <paramref name="newestBefore"/> up to
    /// <paramref name="lastAppended"/>, if the reader has read up to <paramref name="newestBefore"/>
    /// (entries older than its start count as read).
    /// </summary>
    public void PassOwn(RedisValue newestBefore, RedisValue lastAppended)
    {
        lock (_gate)
        {
            if (!StreamIds.IsAfter(newestBefore, _position) && StreamIds.IsAfter(lastAppended, _position))
            {
                _position = lastAppended;
            }
        }
    }
}
