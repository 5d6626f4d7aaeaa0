using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// With --pin-redis, this process is moved off core 0 after it has started (<see cref="CorePinning"/>),
/// but the runtime sizes its server GC at start: a heap and a collector thread per core it sees then.
/// On 2 cores, two heaps on the one core left collected about twice as often as one heap, for pauses
/// as long (per 5 s round with the backplane, 5 collections and 109 to 131 ms in all, against 3 and
/// 53 to 68 ms), on both sides of every comparison. An app on a machine with the cores it is pinned
/// to would start with a heap per core it has, so the run starts itself again with
/// <c>DOTNET_GCHeapCount</c> set to that before anything is measured.
/// </summary>
internal static class HeapCountRestart
{
    private const string HeapCountVariable = "DOTNET_GCHeapCount";

    /// <summary>Whether this process must start again with fewer heaps before it measures.</summary>
    public static bool IsNeeded(LoadOptions options) =>
        options.PinRedis && GCSettings.IsServerGC && Environment.ProcessorCount > 1 && Environment.GetEnvironmentVariable(HeapCountVariable) is null;

    /// <summary>A description for the report when the heap count was set, or null.</summary>
    public static string? Description =>
        Environment.GetEnvironmentVariable(HeapCountVariable) is { Length: > 0 } count ? $"server GC heaps: {HeapCountVariable}={count} (hexadecimal)" : null;

    /// <summary>Runs this program again with the same arguments and a heap per core left to it, and returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };

        // Started as `dotnet app.dll`, the host needs the assembly named; as the app's own executable, not.
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(HeapCountRestart).Assembly.Location);
        }

        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        var heaps = Environment.ProcessorCount - 1; // core 0 goes to redis-server
        start.Environment[HeapCountVariable] = heaps.ToString("x", CultureInfo.InvariantCulture);
        Console.WriteLine($"--pin-redis: starting again with {heaps} server GC heap(s), one per core left to this process.");
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
