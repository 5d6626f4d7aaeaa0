namespace Smooven.Client.Tracking;

/// <summary>
/// A minimal lock for critical sections of a few instructions (a heap push or removal): one
/// compare-and-swap to enter, one store to leave. Cheaper than a monitor, which also looks up the
/// current thread; under contention it spins, then yields. Never hold it while calling out.
/// </summary>
internal struct SpinGate
{
    private int _taken;

    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _taken, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    public void Exit() => Volatile.Write(ref _taken, 0);

    private void EnterContended()
    {
        var spinner = default(SpinWait);
        do
        {
            spinner.SpinOnce();
        }
        while (Volatile.Read(ref _taken) != 0 || Interlocked.CompareExchange(ref _taken, 1, 0) != 0);
    }
}
