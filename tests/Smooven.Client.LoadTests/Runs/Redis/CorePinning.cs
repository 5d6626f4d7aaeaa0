using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// With --pin-redis: redis-server on the first core, this process (the app hosts, with and without
/// the backplane alike, and the callers) on the others, with taskset, so that Redis does not take
/// its CPU from the endpoint it is measured against, as it would not on its own machine; the process
/// has started with a GC heap per core it is left (<see cref="HeapCountRestart"/>). Undone when disposed. Without taskset or a second core it says so and pins nothing.
/// </summary>
internal sealed class CorePinning : IAsyncDisposable
{
    private readonly int _processorCount;

    private CorePinning(int processorCount)
    {
        _processorCount = processorCount;
    }

    /// <summary>A description of the pinning for the report, or null when nothing was pinned.</summary>
    public string? Description { get; private init; }

    public static async Task<CorePinning> ApplyAsync(bool requested, RedisFixture redis)
    {
        var cores = Environment.ProcessorCount;
        if (!requested)
        {
            return new CorePinning(cores);
        }

        if (!redis.IsOwn)
        {
            Console.WriteLine("--pin-redis: SMOOVEN_REDIS is not a redis-server this run started; running unpinned.");
            return new CorePinning(cores);
        }

        if (cores < 2 || !OperatingSystem.IsLinux() || !await TasksetAsync("-V"))
        {
            Console.WriteLine("--pin-redis: taskset or a second core is missing; running unpinned.");
            return new CorePinning(cores);
        }

        var settings = ConfigurationOptions.Parse(redis.Configuration);
        settings.AllowAdmin = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(settings);
        var info = await connection.GetServers()[0].InfoAsync("server");
        var redisPid = info.SelectMany(group => group).First(pair => pair.Key == "process_id").Value;
        var app = cores == 2 ? "1" : $"1-{cores - 1}";
        if (!await TasksetAsync("-a", "-pc", "0", redisPid) || !await TasksetAsync("-a", "-pc", app, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)))
        {
            Console.WriteLine("--pin-redis: taskset failed; running unpinned.");
            return new CorePinning(cores);
        }

        var description = $"redis-server pinned to core 0, the app hosts and the callers to core(s) {app}"
            + (HeapCountRestart.Description is { } heap ? ", with " + heap : string.Empty);
        Console.WriteLine($"--pin-redis: {description}.");
        return new CorePinning(cores) { Description = description };
    }

    public async ValueTask DisposeAsync()
    {
        if (Description is not null)
        {
            await TasksetAsync("-a", "-pc", $"0-{_processorCount - 1}", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static async Task<bool> TasksetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
