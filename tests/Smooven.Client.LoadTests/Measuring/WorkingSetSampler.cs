namespace Smooven.Client.LoadTests.Measuring;

/// <summary>Samples the process working set every few milliseconds and keeps the highest value seen.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public WorkingSetSampler(TimeSpan interval)
    {
        _peak = Environment.WorkingSet;
        _sampling = SampleAsync(interval);
    }

    public long PeakBytes => Math.Max(Interlocked.Read(ref _peak), Environment.WorkingSet);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = Environment.WorkingSet;
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
