namespace Smooven.Client.Testing.Recording;

/// <summary>
/// A thread-safe, append-only list that tests can snapshot or await, so that no test has to
/// sleep to see what the emulator did.
/// </summary>
internal sealed class Recorder<T>
{
    private readonly object _gate = new();
    private readonly List<T> _items = [];
    private readonly List<Waiter> _waiters = [];
    private bool _closed;

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        List<(Waiter Waiter, T[] Items)>? satisfied = null;
        lock (_gate)
        {
            _items.Add(item);
            if (_waiters.Count > 0)
            {
                T[] items = [.. _items];
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Condition(items))
                    {
                        (satisfied ??= []).Add((_waiters[i], items));
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        // Completed outside the lock: continuations run asynchronously anyway, but a condition must never see the lock held.
        if (satisfied is not null)
        {
            foreach (var (waiter, items) in satisfied)
            {
                waiter.Complete(items);
            }
        }
    }

    public Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Waiter waiter;
        lock (_gate)
        {
            T[] items = [.. _items];
            if (condition(items))
            {
                return Task.FromResult<IReadOnlyList<T>>(items);
            }

            ObjectDisposedException.ThrowIf(_closed, typeof(SmoovenEmulator));
            waiter = new Waiter(condition);
            _waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.CancelWith(() =>
            {
                lock (_gate)
                {
                    _waiters.Remove(waiter);
                }
            }, cancellationToken);
        }

        return waiter.Task;
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

    private sealed class Waiter(Func<IReadOnlyList<T>, bool> condition)
    {
        private readonly TaskCompletionSource<IReadOnlyList<T>> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;

        public Func<IReadOnlyList<T>, bool> Condition { get; } = condition;

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
