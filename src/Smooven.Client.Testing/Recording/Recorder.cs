namespace Smooven.Client.Testing.Recording;

/// <summary>
/// A thread-safe, append-only list that tests can snapshot or await, so that no test has to
/// sleep to see what the emulator did. It holds the most recent <c>capacity</c> items: the
/// standalone emulator runs for days, so the oldest are dropped rather than kept forever.
/// </summary>
internal sealed class Recorder<T>
{
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly Queue<T> _items = new();
    private readonly List<Waiter> _waiters = [];
    private long _added;
    private bool _closed;

    /// <param name="capacity">How many of the most recent items to hold; unbounded by default.</param>
    public Recorder(int capacity = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        Waiter[] waiters;
        T[] items;
        long added;
        lock (_gate)
        {
            // Dropped before adding, so the queue's buffer never grows past the capacity.
            if (_items.Count == _capacity)
            {
                _items.Dequeue();
            }

            _items.Enqueue(item);
            added = ++_added;
            if (_waiters.Count == 0)
            {
                return;
            }

            waiters = [.. _waiters];
            items = [.. _items];
        }

        // Conditions are the test's code: checked outside the lock, so one that throws fails its own
        // wait instead of the emulator's request or callback that happened to record an item.
        foreach (var waiter in waiters)
        {
            Check(waiter, items, added);
        }
    }

    /// <summary>Waits until the items held meet a condition.</summary>
    public Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForAsync((items, _) => condition(items), cancellationToken);
    }

    /// <summary>Waits until at least <paramref name="count"/> items have been added in all,
    /// dropped ones included, so that a count above the capacity is still reached.</summary>
    public Task<IReadOnlyList<T>> WaitForCountAsync(int count, CancellationToken cancellationToken) =>
        WaitForAsync((_, added) => added >= count, cancellationToken);

    private Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, long, bool> condition, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(condition);
        T[] items;
        long added;
        bool closed;
        lock (_gate)
        {
            // Registered before the condition is checked, so an item added meanwhile is checked by Add.
            items = [.. _items];
            added = _added;
            closed = _closed;
            if (!closed)
            {
                _waiters.Add(waiter);
            }
        }

        Check(waiter, items, added);
        ObjectDisposedException.ThrowIf(closed && !waiter.Task.IsCompleted, typeof(SmoovenEmulator));

        if (cancellationToken.CanBeCanceled && !waiter.Task.IsCompleted)
        {
            waiter.CancelWith(() => Remove(waiter), cancellationToken);
        }

        return waiter.Task;
    }

    private void Check(Waiter waiter, T[] items, long added)
    {
        bool met;
        try
        {
            met = waiter.Condition(items, added);
        }
        catch (Exception ex)
        {
            Remove(waiter);
            waiter.Fail(ex);
            return;
        }

        if (met)
        {
            Remove(waiter);
            waiter.Complete(items);
        }
    }

    private void Remove(Waiter waiter)
    {
        lock (_gate)
        {
            _waiters.Remove(waiter);
        }
    }

    /// <summary>Fails every pending wait: nothing more will be recorded.</summary>
    public void Close()
    {
        Waiter[] pending;
        lock (_gate)
        {
            _closed = true;
            pending = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in pending)
        {
            waiter.Fail(new ObjectDisposedException(nameof(SmoovenEmulator), "The emulator was disposed while something still waited on it."));
        }
    }

    private sealed class Waiter(Func<IReadOnlyList<T>, long, bool> condition)
    {
        private readonly TaskCompletionSource<IReadOnlyList<T>> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;

        /// <summary>Checked on the items held and the number added in all.</summary>
        public Func<IReadOnlyList<T>, long, bool> Condition { get; } = condition;

        public Task<IReadOnlyList<T>> Task => _signal.Task;

        public void CancelWith(Action unregister, CancellationToken cancellationToken) =>
            _registration = cancellationToken.Register(() =>
            {
                unregister();
                _signal.TrySetCanceled(cancellationToken);
            });

        public void Complete(IReadOnlyList<T> items)
        {
            _registration.Dispose();
            _signal.TrySetResult(items);
        }

        public void Fail(Exception exception)
        {
            _registration.Dispose();
            _signal.TrySetException(exception);
        }
    }
}
