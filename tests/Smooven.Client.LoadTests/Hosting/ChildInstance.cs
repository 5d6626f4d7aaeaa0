using System.Diagnostics;

namespace Smooven.Client.LoadTests.Hosting;

/// <summary>
/// An instance of the app (with the backplane, or alone) in a child process of this program
/// (<c>--redis-instance</c>): its own heap and garbage collector, as another machine's instance
/// would have. Stops when disposed, or when this process ends (its standard input closes).
/// </summary>
internal sealed class ChildInstance : IAsyncDisposable
{
    private const string ReadyPrefix = "LISTENING ";
    private const string NoRedis = "-";

    private readonly Process _process;

    private ChildInstance(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the child, with the backplane unless <paramref name="redisConfiguration"/> is null, and waits until it listens.</summary>
    public static async Task<ChildInstance> StartAsync(string? redisConfiguration, string keyPrefix)
    {
        // Run as an apphost, ProcessPath is this program; run by `dotnet <dll>`, it is dotnet.
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildInstance).Assembly.Location);
        }

        foreach (var argument in (string[])["--redis-instance", redisConfiguration ?? NoRedis, keyPrefix])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The child instance did not start.");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    return new ChildInstance(process, new Uri(line[ReadyPrefix.Length..]));
                }
            }

            throw new InvalidOperationException("The child instance ended before it listened.");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's side: serves one backplane instance until its standard input closes.</summary>
    public static async Task<int> ServeAsync(string redisConfiguration, string keyPrefix, Func<string?, string, Task<LoopbackHost>> start)
    {
        await using var host = await start(redisConfiguration == NoRedis ? null : redisConfiguration, keyPrefix);
        Console.WriteLine(ReadyPrefix + host.Address);
        await Console.In.ReadToEndAsync();
        Console.Error.WriteLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Child instance: GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms in all, CPU {Environment.CpuUsage.TotalTime.TotalSeconds:0.0} s"));
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
