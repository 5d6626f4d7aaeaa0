namespace Smooven.Client.LoadTests.Measuring;

/// <summary>
/// Runs a subject (A) and its reference (B) in alternating rounds, AB BA AB..., so drift on a shared
/// machine falls on both, and reports each measure as the median of its per-round ratios.
/// </summary>
internal static class AbComparison
{
    public static async Task<AbResult> RunAsync(
        string name, int rounds, Func<Task<LoadSample>> warmUpA, Func<Task<LoadSample>> warmUpB, Func<Task<LoadSample>> a, Func<Task<LoadSample>> b)
    {
        var rows = await InterleavedRounds.RunAsync(name, rounds, [("A", warmUpA, a), ("B", warmUpB, b)]);
        return new AbResult(name, rows.Select(r => (r[0], r[1])).ToList());
    }
}

/// <summary>The rounds of one A/B comparison.</summary>
internal sealed record AbResult(string Name, IReadOnlyList<(LoadSample A, LoadSample B)> Rounds)
{
    public double ThroughputRatio => Percentiles.Median(Rounds.Select(r => r.A.PerSecond / r.B.PerSecond));

    public double P50Ratio => Percentiles.Median(Rounds.Select(r => r.A.P50Ms / r.B.P50Ms));

    /// <summary>Process CPU time per operation, A over B: steadier than throughput on a shared machine.</summary>
    public double CpuRatio => Percentiles.Median(Rounds.Select(r => r.A.CpuMicrosecondsPerOp / r.B.CpuMicrosecondsPerOp));

    public double P99Ratio => Percentiles.Median(Rounds.Select(r => r.A.P99Ms / r.B.P99Ms));

    public LoadSample MedianA => Median(Rounds.Select(r => r.A).ToList());

    public LoadSample MedianB => Median(Rounds.Select(r => r.B).ToList());

    public long Errors => Rounds.Sum(r => r.A.Errors + r.B.Errors);

    private static LoadSample Median(List<LoadSample> samples) => new(
        (long)Percentiles.Median(samples.Select(s => (double)s.Count)),
        samples.Sum(s => s.Errors),
        TimeSpan.FromSeconds(Percentiles.Median(samples.Select(s => s.Elapsed.TotalSeconds))),
        Percentiles.Median(samples.Select(s => s.P50Ms)),
        Percentiles.Median(samples.Select(s => s.P99Ms)),
        Percentiles.Median(samples.Select(s => s.AllocatedBytesPerOp)),
        Percentiles.Median(samples.Select(s => s.CpuMicrosecondsPerOp)));

    public double MedianPerSecondA => Percentiles.Median(Rounds.Select(r => r.A.PerSecond));

    public double MedianPerSecondB => Percentiles.Median(Rounds.Select(r => r.B.PerSecond));
}
