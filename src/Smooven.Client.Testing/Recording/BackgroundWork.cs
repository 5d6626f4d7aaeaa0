namespace Smooven.Client.Testing.Recording;

/// <summary>
/// Keeps the callback work that runs after a notify answer, so the emulator can say when it is
/// idle and can wait for all of it on dispose.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly object _gate = new();
    private readonly HashSet<Task> _running = [];
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);

    public void Run(Func<Task> work)
    {
        Task task;
        lock (_gate)
        {
            if (_running.Count == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }

            // Started under the lock so that Forget cannot run before the task is registered.
            task = Task.Run(work);
            _running.Add(task);
        }

        _ = task.ContinueWith(static (done, state) => ((BackgroundWork)state!).Forget(done), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Fails a pending idle wait: the work still due is about to be dropped, not done.</summary>
    public void FailPendingIdleWait()
    {
        TaskCompletionSource idle;
        lock (_gate)
        {
            idle = _idle;
        }

        idle.TrySetException(new ObjectDisposedException(nameof(SmoovenEmulator), "The emulator was disposed before it was idle; the callbacks still due were dropped."));

        // Marked observed: most disposals have no idle wait pending, and a fault nobody reads would reach
        // TaskScheduler.UnobservedTaskException, which some test suites fail on. A wait still gets it.
        _ = idle.Task.Exception;
    }

    public Task WhenAllAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _running]);
        }
    }

    private void Forget(Task done)
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (_running.Remove(done) && _running.Count == 0)
            {
                idle = _idle;
            }
        }

        idle?.TrySetResult();
    }

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }
}
