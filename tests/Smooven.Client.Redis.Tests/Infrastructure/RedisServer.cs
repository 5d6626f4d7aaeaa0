using System.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test class's own, on a unix socket in a temporary folder (no TCP port to
/// race for), with nothing saved to disk. It can be stopped and started again on the same socket.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private const string RequireVariable = "SMOOVEN_REQUIRE_REDIS";

    private DirectoryInfo? _folder;
    private Process? _process;

    /// <summary>Why the Redis tests are skipped here, or null when they run (or must run and fail).</summary>
    public static string? SkipReason =>
        Executable is null && Environment.GetEnvironmentVariable(RequireVariable) != "1"
            ? $"redis-server is not on the PATH (Debian package redis-server); set {RequireVariable}=1 to make this a failure."
            : null;

    /// <summary>The StackExchange.Redis configuration: <c>!</c> and the socket's path make a unix socket endpoint.</summary>
    public string Configuration => "!" + SocketPath;

    private string SocketPath => Path.Combine(_folder!.FullName, "redis.sock");

    private static string? Executable =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        if (Executable is null)
        {
            if (SkipReason is null)
            {
                throw new InvalidOperationException($"{RequireVariable}=1 but redis-server is not on the PATH: install the Debian package redis-server.");
            }

            return;
        }

        _folder = Directory.CreateTempSubdirectory("smooven-redis-");
        await StartAsync();
    }

    /// <summary>Starts the server and returns once it accepts a connection.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", "0", "--unixsocket", SocketPath, "--save", string.Empty, "--appendonly", "no" })
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
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited at start."));
        process.Start();
        process.BeginOutputReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await using var probe = await ConnectionMultiplexer.ConnectAsync(Configuration);
        await probe.GetDatabase().PingAsync();
    }

    /// <summary>Stops the server at once, as a crash or a network cut would.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _folder?.Delete(recursive: true);
    }
}
