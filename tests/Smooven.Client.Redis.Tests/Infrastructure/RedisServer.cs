using ScaleOut;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test class's own, on a unix socket in a temporary folder (no TCP port to
/// race for), with nothing saved to disk: the ScaleOut sample's <see cref="RedisServerProcess"/>.
/// It can be stopped and started again on the same socket.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private const string RequireVariable = "SMOOVEN_REQUIRE_REDIS";

    private DirectoryInfo? _folder;
    private RedisServerProcess? _process;

    /// <summary>Why the Redis tests are skipped here, or null when they run (or must run and fail).</summary>
    public static string? SkipReason =>
        RedisServerProcess.FindExecutable() is null && Environment.GetEnvironmentVariable(RequireVariable) != "1"
            ? $"redis-server is not on the PATH (Debian package redis-server); set {RequireVariable}=1 to make this a failure."
            : null;

    /// <summary>The StackExchange.Redis configuration: <c>!</c> and the socket's path make a unix socket endpoint.</summary>
    public string Configuration => "!" + SocketPath;

    private string SocketPath => Path.Combine(_folder!.FullName, "redis.sock");

    /// <summary>
    /// Creates a Redis ACL user of its own, allowed every command, key and channel but what
    /// <paramref name="rules"/> take away (such as <c>-xread</c>), with the password <c>pw</c>.
    /// </summary>
    /// <returns>The user's name, for <see cref="ConfigurationFor"/> and later <c>ACL SETUSER</c> changes.</returns>
    public async Task<string> CreateUserAsync(params string[] rules)
    {
        var user = "user-" + Guid.NewGuid().ToString("N");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Configuration);
        await admin.GetDatabase().ExecuteAsync("ACL", ["SETUSER", user, "on", ">pw", "~*", "&*", "+@all", .. rules]);
        return user;
    }

    /// <summary>The configuration that connects as <paramref name="user"/> (from <see cref="CreateUserAsync"/>), or as the default user when null.</summary>
    public string ConfigurationFor(string? user) => user is null ? Configuration : Configuration + ",user=" + user + ",password=pw";

    public async Task InitializeAsync()
    {
        if (RedisServerProcess.FindExecutable() is null)
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
        _process = await RedisServerProcess.StartAsync(RedisServerProcess.FindExecutable()!, SocketPath);
        await using var probe = await ConnectionMultiplexer.ConnectAsync(Configuration);
        await probe.GetDatabase().PingAsync();
    }

    /// <summary>Stops the server at once, as a crash or a network cut would.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _folder?.Delete(recursive: true);
    }
}
