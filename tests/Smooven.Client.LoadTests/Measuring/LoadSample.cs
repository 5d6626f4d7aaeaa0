namespace Smooven.Client.LoadTests.Measuring;

/// <summary>What one timed phase of a run measured.</summary>
internal sealed record LoadSample(
    long Count,
    long Errors,
    TimeSpan Elapsed,
    double P50Ms,
    double P99Ms,
    double AllocatedBytesPerOp,
    double CpuMicrosecondsPerOp,
    GcCounts? Collections = null)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}

/// <summary>
/// Garbage collections during a phase, by generation (a gen2 collection also counts as gen1 and gen0),
/// and how long they paused the process: a latency tail is often one pause.
/// </summary>
internal readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GcCounts Since(GcCounts before) => new(Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Paused - before.Paused);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"GCs {Gen0}/{Gen1}/{Gen2} (gen0/1/2), paused {Paused.TotalMilliseconds:0} ms");
}
