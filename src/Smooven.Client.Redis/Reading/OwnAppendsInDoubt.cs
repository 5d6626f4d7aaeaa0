using Smooven.Client.Redis.Backplane;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// This instance's stream entries that its endpoint did not publish: those a batch may have appended
/// though its reply was lost or late (<see cref="BatchReply.MayHaveRun"/>), whose callers answered
/// Smooven 503 and published nothing locally. The reader publishes them, checked, as it does another
/// instance's entries; every other entry of this instance it skips as before, unchecked.
/// </summary>
/// <remarks>
/// Why: a wait on this instance for such a callback ended only when Smooven's retry was handled (5 s
/// later at best), while every other instance's wait ended at once. The reply told no ids, so the
/// entries are known by their delivery keys. The failure can reach the batcher after the reader has
/// passed the entries (the reply is awaited on the thread pool, and a reconnect may come first):
/// the reader then reads again from where it was when the batch was sent, before anything it
/// appended. A key is dropped once the reader has read to the end of the stream in a turn begun
/// after the key was added: the batch had run by then (that turn's reads follow it on the connection,
/// or the connection that carried it is gone), so whatever it appended was read. A reader that Redis
/// refuses (<see cref="Forget"/>) lets them go too: it could not publish them.
/// </remarks>
internal sealed class OwnAppendsInDoubt(BackplaneKeys keys)
{
    private readonly object _gate = new();

    // Each key with the number of reader turns begun when it was added.
    private readonly Dictionary<RedisKey, long> _addedAt = [];
    private RedisValue _readAgainFrom = RedisValue.Null;
    private long _turns;

    /// <summary>Raised, outside the lock, once entries are in doubt: the reader reads again at once.</summary>
    public event Action? Added;

    /// <summary>
    /// Puts in doubt what the claims of <paramref name="deliveryKeys"/> may have appended, all of it
    /// after <paramref name="readFrom"/>, where the reader was when their batch was sent.
    /// </summary>
    public void Add(IEnumerable<RedisKey> deliveryKeys, RedisValue readFrom)
    {
        lock (_gate)
        {
            foreach (var key in deliveryKeys)
            {
                _addedAt[key] = _turns;
            }

            if (_readAgainFrom.IsNull || StreamIds.IsAfter(_readAgainFrom, readFrom))
            {
                _readAgainFrom = readFrom;
            }
        }

        Added?.Invoke();
    }

    /// <summary>A reader's turn begins, before its first read.</summary>
    /// <param name="readAgainFrom">Where the reader must read again from, or null when nowhere.</param>
    /// <returns>The turn, for <see cref="EndTurn"/>.</returns>
    public long BeginTurn(out RedisValue readAgainFrom)
    {
        lock (_gate)
        {
            readAgainFrom = _readAgainFrom;
            _readAgainFrom = RedisValue.Null;
            return ++_turns;
        }
    }

    /// <summary>Whether this instance's entry holding <paramref name="body"/> is in doubt. Hashes the body only when some entry is.</summary>
    public bool Contains(RedisValue body)
    {
        lock (_gate)
        {
            if (_addedAt.Count == 0)
            {
                return false;
            }
        }

        var key = keys.Delivery(((ReadOnlyMemory<byte>)body).Span);
        lock (_gate)
        {
            return _addedAt.ContainsKey(key);
        }
    }

    /// <summary>
    /// Redis refused the reader (an ACL, a key of another type): what is in doubt could not be read.
    /// Kept, it piled up, a key per callback whose write was refused too, for as long as the refusal
    /// lasted, since no turn ended. Once it passes, the entries are skipped as this instance's own.
    /// </summary>
    public void Forget()
    {
        lock (_gate)
        {
            _addedAt.Clear();
        }
    }

    /// <summary>The reader has read to the end of the stream in <paramref name="turn"/>: what was in doubt before it began is read.</summary>
    public void EndTurn(long turn)
    {
        lock (_gate)
        {
            foreach (var (key, addedAt) in _addedAt)
            {
                if (addedAt < turn)
                {
                    _addedAt.Remove(key);
                }
            }
        }
    }
}
