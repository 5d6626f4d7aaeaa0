using System.Diagnostics;

namespace ScaleOut;

/// <summary>
/// A throwaway <c>redis-server</c> on a unix socket (no TCP port at all), saving nothing to disk,
/// stopped when disposed. Connect with <see cref="Configuration"/>.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServerProcess(Process process, string socketPath)
    {
        _process = process;
        Configuration = "!" + socketPath;
    }

    /// <summary>The StackExchange.Redis configuration string: <c>!</c> then the socket's path.</summary>
    public string Configuration { get; }

    /// <summary>The <c>redis-server</c> on the PATH, or null when there is none.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts redis-server on <paramref name="socketPath"/> and returns once it says it is ready.</summary>
    public static async Task<RedisServerProcess> StartAsync(string executable, string socketPath, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", "0", "--unixsocket", socketPath, "--save", string.Empty, "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("ready to accept connections", StringComparison.OrdinalIgnoreCase) == true)
            {
                ready.TrySetResult();
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited at start with code {process.ExitCode}."));
        process.Start();
        process.BeginOutputReadLine();
        var server = new RedisServerProcess(process, socketPath);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server at once, as a crash would.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
