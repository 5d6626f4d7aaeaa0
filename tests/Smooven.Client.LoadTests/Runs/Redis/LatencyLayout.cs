using Smooven.Client.LoadTests.Hosting;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// The instances of the latency rounds: two backplane instances (A) against one host without the
/// backplane (B), either all in this process or each in a child process of its own.
/// </summary>
internal sealed class LatencyLayout : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private LatencyLayout(CrossInstance cross, CrossInstance alone)
    {
        Cross = cross;
        Alone = alone;
    }

    public CrossInstance Cross { get; }

    public CrossInstance Alone { get; }

    /// <summary>A second backplane instance beside <paramref name="shared"/>, all in this process.</summary>
    public static async Task<LatencyLayout> InThisProcessAsync(LoopbackHost shared, LoopbackHost single, string redis, string prefix)
    {
        var other = await RedisRun.StartAsync(redis, prefix);
        var layout = new LatencyLayout(CrossInstance.Between(shared, other), CrossInstance.Alone(single));
        layout._owned.Add(other);
        return layout;
    }

    /// <summary>
    /// Three child processes, under a prefix of their own so that this process's backplane instance
    /// reads none of their callbacks: two backplane instances and a single host.
    /// </summary>
    public static async Task<LatencyLayout> InChildProcessesAsync(string redis, string prefix)
    {
        List<IAsyncDisposable> started = [];
        try
        {
            var a = await ChildInstance.StartAsync(redis, prefix);
            started.Add(a);
            var b = await ChildInstance.StartAsync(redis, prefix);
            started.Add(b);
            var single = await ChildInstance.StartAsync(redisConfiguration: null, prefix);
            started.Add(single);
            var http = LoopbackHttp.Create();
            started.Add(new AsyncDisposer(http));
            var layout = new LatencyLayout(CrossInstance.Between(a, b, http), CrossInstance.Alone(single, http));
            layout._owned.AddRange(started);
            return layout;
        }
        catch
        {
            foreach (var child in started)
            {
                await child.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private sealed class AsyncDisposer(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
