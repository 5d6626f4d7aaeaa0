using System.Globalization;
using Smooven.Client;
using Smooven.Client.Testing;

namespace ScaleOut;

/// <summary>
/// Two instances of an agent behind a pretend load balancer, and the emulator, in one process:
/// A sends and waits, Smooven's callbacks go to B, and A still gets its outcome through Redis.
/// </summary>
public static class ScaleOutDemo
{
    /// <summary>Runs the demo against <paramref name="redis"/>, or a redis-server of its own when null.</summary>
    /// <returns>0 when delivered, 1 for any other outcome, 2 when there is no Redis to use.</returns>
    public static Task<int> RunAsync(TextWriter output, string? redis, CancellationToken cancellationToken = default) =>
        RunAsync(output, redis, RedisServerProcess.FindExecutable(), cancellationToken);

    /// <summary>Runs the demo against <paramref name="redis"/>, or else starts <paramref name="redisServer"/> when there is one.</summary>
    /// <returns>0 when delivered, 1 for any other outcome, 2 when there is no Redis to use.</returns>
    public static async Task<int> RunAsync(TextWriter output, string? redis, string? redisServer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        RedisServerProcess? ownRedis = null;
        DirectoryInfo? folder = null;
        if (string.IsNullOrWhiteSpace(redis))
        {
            if (redisServer is not { } executable)
            {
                await output.WriteLineAsync("This demo needs Redis: set SMOOVEN_REDIS to a StackExchange.Redis configuration (\"localhost:6379\"), or put redis-server on the PATH (Debian: apt-get install redis-server) and it starts one.");
                return 2;
            }

            folder = Directory.CreateTempSubdirectory("smooven-scaleout-");
            ownRedis = await RedisServerProcess.StartAsync(executable, Path.Combine(folder.FullName, "redis.sock"), cancellationToken);
            redis = ownRedis.Configuration;
            await output.WriteLineAsync("Started redis-server on a unix socket of its own (set SMOOVEN_REDIS to use yours).");
        }

        try
        {
            return await RunInstancesAsync(output, redis, cancellationToken);
        }
        finally
        {
            if (ownRedis is not null)
            {
                await ownRedis.DisposeAsync();
            }

            folder?.Delete(recursive: true);
        }
    }

    private static async Task<int> RunInstancesAsync(TextWriter output, string redis, CancellationToken cancellationToken)
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { EventInterval = TimeSpan.FromMilliseconds(300) }, cancellationToken);
        var receipts = new Receipts();
        await using var a = await Instance.StartAsync("A", emulator, redis, receipts, cancellationToken);
        await using var b = await Instance.StartAsync("B", emulator, redis, receipts, cancellationToken);
        await output.WriteLineAsync($"Instance A at {a.CallbackUrl}, instance B at {b.CallbackUrl}, sharing callbacks through Redis.");
        await output.WriteLineAsync("A sends \"Remind Sarah about her appointment\" and waits; Smooven's callbacks go to B.");

        var request = new NotifyRequest
        {
            Intent = "Remind Sarah about her appointment",
            Context = new NotifyContext { UserId = "sarah@example.com" },
            CallbackUrl = b.CallbackUrl,
        };
        var result = await a.Client.SendAndWaitAsync(request, TimeSpan.FromSeconds(30), cancellationToken);
        await emulator.WaitForIdleAsync(cancellationToken); // every callback answered, so every receipt is in

        foreach (var callback in result.Callbacks)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {callback.Event,-24} received by {receipts.ReceiverOf(callback)}, seen by A"));
        }

        await output.WriteLineAsync(result.IsDelivered
            ? $"Outcome on A: delivered via {result.FinalCallback?.ChannelUsed}, though Smooven never called A."
            : $"Outcome on A: {result.Outcome}.");
        return result.IsDelivered ? 0 : 1;
    }
}
