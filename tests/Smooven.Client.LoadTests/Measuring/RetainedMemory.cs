namespace Smooven.Client.LoadTests.Measuring;

/// <summary>The managed memory what <c>build</c> returns keeps alive, between two full collections.</summary>
internal static class RetainedMemory
{
    public static long Measure(Func<object> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = build();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return after - before;
    }
}
