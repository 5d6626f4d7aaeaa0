namespace Smooven.Client.Tracking;

/// <summary>
/// A binary min-heap of waits by deadline that knows where each wait sits, so a wait that ends
/// early leaves at once instead of lingering until its deadline. Not thread-safe: callers hold its gate.
/// Waits usually arrive with the latest deadline, so adding is one comparison.
/// </summary>
internal sealed class DeadlineHeap
{
    private const int MinCapacity = 16;

    private const int GateBit = 1;

    // The lock of this heap (see SpinGate), taken by DeadlineQueue.
    private int _gate;

    private Node[] _nodes = [];
    private int _count;

    public int Count => _count;

    public void Enter() => SpinGate.Enter(ref _gate, GateBit);

    public void Exit() => SpinGate.Exit(ref _gate, GateBit);

    /// <summary>The earliest deadline, <see cref="long.MaxValue"/> when empty.</summary>
    public long EarliestDeadline => _count == 0 ? long.MaxValue : _nodes[0].Deadline;

    public void Add(DeliveryWait wait, long deadline)
    {
        if (_count == _nodes.Length)
        {
            Array.Resize(ref _nodes, Math.Max(MinCapacity, _count * 2));
        }

        SiftUp(_count++, new Node(deadline, wait));
    }

    public void Remove(DeliveryWait wait)
    {
        var index = wait.HeapIndex;
        if (index < 0)
        {
            return;
        }

        wait.HeapIndex = -1;
        var last = _nodes[--_count];
        _nodes[_count] = default;
        if (index < _count)
        {
            if (index > 0 && last.Deadline < _nodes[(index - 1) / 2].Deadline)
            {
                SiftUp(index, last);
            }
            else
            {
                SiftDown(index, last);
            }
        }

        ShrinkIfSparse();
    }

    /// <summary>Takes out up to <paramref name="due"/>'s length of waits whose deadline is at or before <paramref name="now"/>.</summary>
    public int TakeDue(long now, Span<DeliveryWait?> due)
    {
        var taken = 0;
        while (taken < due.Length && _count > 0 && _nodes[0].Deadline <= now)
        {
            var wait = _nodes[0].Wait;
            due[taken++] = wait;
            Remove(wait);
        }

        return taken;
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

            Place(index, _nodes[parent]);
            index = parent;
        }

        Place(index, node);
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

            Place(index, _nodes[child]);
            index = child;
        }

        Place(index, node);
    }

    private void Place(int index, Node node)
    {
        _nodes[index] = node;
        node.Wait.HeapIndex = index;
    }

    // Give memory back after a burst: an emptied heap of 100,000 waits would otherwise keep 1.6 MB.
    private void ShrinkIfSparse()
    {
        if (_nodes.Length > MinCapacity && _count < _nodes.Length / 4)
        {
            Array.Resize(ref _nodes, Math.Max(MinCapacity, _nodes.Length / 2));
        }
    }

    private readonly record struct Node(long Deadline, DeliveryWait Wait);
}
