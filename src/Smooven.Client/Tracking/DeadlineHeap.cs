namespace Smooven.Client.Tracking;

/// <summary>
/// Deadline entries ordered by deadline, earliest first: a binary min-heap in an array. Not
/// thread-safe: only the sweep touches it (see <see cref="DeadlineSchedule"/>). Entries released by
/// their wait stay until they come due, or until <see cref="RemoveReleased"/> drops them all at once.
/// </summary>
internal sealed class DeadlineHeap
{
    private const int MinCapacity = 16;

    private Node[] _nodes = [];
    private int _count;

    public int Count => _count;

    public long EarliestDeadline => _count == 0 ? long.MaxValue : _nodes[0].Deadline;

    public void Add(DeadlineEntry entry)
    {
        if (_count == _nodes.Length)
        {
            Array.Resize(ref _nodes, Math.Max(MinCapacity, _count * 2));
        }

        SiftUp(_count++, new Node(entry.Deadline, entry));
    }

    /// <summary>Takes out the waits due at <paramref name="now"/> that are still waiting, at most <paramref name="due"/>'s length.</summary>
    /// <returns>How many were taken.</returns>
    public int TakeDue(long now, Span<DeliveryWait?> due)
    {
        var taken = 0;
        while (taken < due.Length && _count > 0 && _nodes[0].Deadline <= now)
        {
            var wait = _nodes[0].Entry.LiveWait;
            RemoveFirst();
            if (wait is not null)
            {
                due[taken++] = wait;
            }
        }

        ShrinkIfSparse();
        return taken;
    }

    /// <summary>Drops every released entry in one pass, and restores the heap order.</summary>
    public void RemoveReleased()
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_nodes[i].Entry.LiveWait is not null)
            {
                _nodes[kept++] = _nodes[i];
            }
        }

        Array.Clear(_nodes, kept, _count - kept);
        _count = kept;
        for (var i = (_count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i, _nodes[i]);
        }

        ShrinkIfSparse();
    }

    public void Clear()
    {
        _nodes = [];
        _count = 0;
    }

    private void RemoveFirst()
    {
        var last = _nodes[--_count];
        _nodes[_count] = default;
        if (_count > 0)
        {
            SiftDown(0, last);
        }
    }

    private void SiftUp(int index, Node node)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (_nodes[parent].Deadline <= node.Deadline)
            {
                break;
            }

            _nodes[index] = _nodes[parent];
            index = parent;
        }

        _nodes[index] = node;
    }

    private void SiftDown(int index, Node node)
    {
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _nodes[child + 1].Deadline < _nodes[child].Deadline)
            {
                child++;
            }

            if (node.Deadline <= _nodes[child].Deadline)
            {
                break;
            }

            _nodes[index] = _nodes[child];
            index = child;
        }

        _nodes[index] = node;
    }

    // Give memory back after a burst: an emptied heap of 100,000 waits would otherwise keep 1.6 MB.
    private void ShrinkIfSparse()
    {
        if (_nodes.Length > MinCapacity && _count < _nodes.Length / 4)
        {
            Array.Resize(ref _nodes, Math.Max(MinCapacity, Math.Max(_count * 2, _nodes.Length / 2)));
        }
    }

    // The deadline is copied in so that sifting never follows a pointer.
    private readonly record struct Node(long Deadline, DeadlineEntry Entry);
}
