namespace Smooven.Client.LoadTests.Measuring;

/// <summary>What one timed phase of a run measured.</summary>
internal sealed record LoadSample(
    long Count,
    long Errors,
    TimeSpan Elapsed,
    double P50Ms,
    double P99Ms,
    double AllocatedBytesPerOp,
    double CpuMicrosecondsPerOp)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}
