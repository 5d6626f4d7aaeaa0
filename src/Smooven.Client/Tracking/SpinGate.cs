namespace Smooven.Client.Tracking;

/// <summary>
/// A minimal lock held in one bit of an int, for critical sections of a few instructions that
/// never call out to user code: one compare-and-swap to enter, one store to leave. Cheaper than a
/// monitor, which also looks up the current thread; under contention it spins, then yields. Not
/// reentrant. While the bit is set only the holder may write the word; others only try to set
/// the bit with a compare-and-swap, which fails while it is set.
/// </summary>
internal static class SpinGate
{
    public static void Enter(ref int word, int bit)
    {
        var value = Volatile.Read(ref word);
        if ((value & bit) != 0 || Interlocked.CompareExchange(ref word, value | bit, value) != value)
        {
            EnterContended(ref word, bit);
        }
    }

    public static void Exit(ref int word, int bit) => Volatile.Write(ref word, word & ~bit);

    private static void EnterContended(ref int word, int bit)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var value = Volatile.Read(ref word);
            if ((value & bit) == 0 && Interlocked.CompareExchange(ref word, value | bit, value) == value)
            {
                return;
            }

            spinner.SpinOnce();
        }
    }
}
