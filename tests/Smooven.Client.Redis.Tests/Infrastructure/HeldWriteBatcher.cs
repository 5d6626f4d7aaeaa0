using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Diagnostics;
using Smooven.Client.Redis.Reading;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A <see cref="WriteBatcher"/> on a real Redis whose script calls the test takes one by one and
/// answers as it says (<see cref="HeldScriptsMultiplexer"/>), to lose or delay a batch's reply exactly.
/// </summary>
internal sealed class HeldWriteBatcher : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _real;
    private readonly ServiceProvider _services;
    private readonly RedisConnection _connection;

    private HeldWriteBatcher(ConnectionMultiplexer real, ServiceProvider services, RedisConnection connection, HeldScriptsMultiplexer held, BackplaneKeys keys, ILogger logger)
    {
        _real = real;
        _services = services;
        _connection = connection;
        Held = held;
        Keys = keys;
        InDoubt = new OwnAppendsInDoubt(keys);
        Batcher = new WriteBatcher(connection, keys, new StreamCursor(), InDoubt, Time, logger)
        {
            LeaseMilliseconds = 30_000,
            HandledMark = "handled",
            WindowMilliseconds = () => 60_000,
            RetentionMilliseconds = () => 600_000,
        };
    }

    public WriteBatcher Batcher { get; }

    /// <summary>The batcher's clock, which moves only when the test advances it.</summary>
    public ArmWatchingTimeProvider Time { get; } = new();

    /// <summary>What failed batches may have appended, for the reader to publish.</summary>
    public OwnAppendsInDoubt InDoubt { get; }

    /// <summary>Where the connection's metrics are, for a <c>MetricCollector</c>.</summary>
    public IServiceProvider Services => _services;

    public HeldScriptsMultiplexer Held { get; }

    public BackplaneKeys Keys { get; }

    /// <summary>Redis itself, not held.</summary>
    public IDatabase Redis => _real.GetDatabase();

    /// <param name="redis">The Redis to write to.</param>
    /// <param name="logs">Where the batcher's logs go; nowhere when null.</param>
    public static async Task<HeldWriteBatcher> StartAsync(RedisServer redis, CapturingLoggerProvider? logs = null)
    {
        var real = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var held = new HeldScriptsMultiplexer(real);
        var options = Options.Create(new SmoovenRedisOptions
        {
            KeyPrefix = "held-" + Guid.NewGuid().ToString("N"),
            ConnectionMultiplexerFactory = () => Task.FromResult(held.Multiplexer),
        });
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var connection = new RedisConnection(options, services, new RedisMetrics(services.GetRequiredService<IMeterFactory>()), NullLoggerFactory.Instance);
        await connection.ConnectAsync(CancellationToken.None);
        var logger = logs is null ? NullLogger.Instance : (ILogger)logs.CreateLogger("Smooven.Client.Redis");
        return new HeldWriteBatcher(real, services, connection, held, new BackplaneKeys(options), logger);
    }

    /// <summary>A verified delivery of <paramref name="notificationId"/>.</summary>
    public static SmoovenVerifiedDelivery Delivery(string notificationId)
    {
        var signed = new SignedDelivery("whsec_held", notificationId);
        return new SmoovenVerifiedDelivery(signed.Body, signed.HeaderAt(DateTimeOffset.UtcNow), DeliveryCallback.Parse(signed.Body));
    }

    /// <summary>The key <paramref name="delivery"/> is claimed under.</summary>
    public RedisKey KeyOf(SmoovenVerifiedDelivery delivery) => Keys.Delivery(delivery.Body.Span);

    public async ValueTask DisposeAsync()
    {
        Batcher.Dispose();
        await _connection.DisposeAsync();
        await _services.DisposeAsync();
        await _real.DisposeAsync();
    }
}
