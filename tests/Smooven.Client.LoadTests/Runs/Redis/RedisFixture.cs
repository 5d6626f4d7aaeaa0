using ScaleOut;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>The Redis the backplane runs use: SMOOVEN_REDIS if set, else a redis-server of its own on a unix socket.</summary>
internal sealed class RedisFixture : IAsyncDisposable
{
    private readonly RedisServerProcess? _server;
    private readonly DirectoryInfo? _folder;

    private RedisFixture(string configuration, RedisServerProcess? server, DirectoryInfo? folder)
    {
        Configuration = configuration;
        _server = server;
        _folder = folder;
    }

    public string Configuration { get; }

    /// <summary>Whether the run started this redis-server itself (not SMOOVEN_REDIS), so it may pin it.</summary>
    public bool IsOwn => _server is not null;

    public static async Task<RedisFixture> StartAsync()
    {
        var redis = Environment.GetEnvironmentVariable("SMOOVEN_REDIS");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            return new RedisFixture(redis, null, null);
        }

        var executable = RedisServerProcess.FindExecutable()
            ?? throw new InvalidOperationException("The redis runs need redis-server on the PATH, or SMOOVEN_REDIS set.");
        var folder = Directory.CreateTempSubdirectory("smooven-load-redis-");
        var server = await RedisServerProcess.StartAsync(executable, Path.Combine(folder.FullName, "redis.sock"));
        return new RedisFixture(server.Configuration, server, folder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder?.Delete(recursive: true);
    }
}
