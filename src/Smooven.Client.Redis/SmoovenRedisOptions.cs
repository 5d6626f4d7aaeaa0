using StackExchange.Redis;

namespace Smooven.Client.Redis;

/// <summary>
/// Settings of the Redis backplane (<c>services.AddSmoovenRedisBackplane(...)</c>). The connection
/// comes from <see cref="Configuration"/>, else from <see cref="ConnectionMultiplexerFactory"/>,
/// else from an <see cref="IConnectionMultiplexer"/> already registered in DI (as Aspire's
/// <c>AddRedisClient</c> registers one). Checked when the host starts.
/// </summary>
public sealed class SmoovenRedisOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "smooven";

    /// <summary>The default <see cref="Retention"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A StackExchange.Redis configuration string, such as <c>"localhost:6379"</c> or
    /// <c>"redis.internal:6380,ssl=true,password=..."</c>. The backplane then owns the connection:
    /// it connects at start (without failing the start when Redis is down: callbacks are answered
    /// 503 until it is back) and closes it at shutdown.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Makes the connection, when <see cref="Configuration"/> is not set. Called once at start;
    /// the backplane closes the connection it returns at shutdown.
    /// </summary>
    public Func<Task<IConnectionMultiplexer>>? ConnectionMultiplexerFactory { get; set; }

    /// <summary>
    /// The start of every Redis key and channel the backplane uses (<c>{KeyPrefix}:callbacks</c>,
    /// <c>{KeyPrefix}:nudge</c>, <c>{KeyPrefix}:delivery:*</c>), so that several apps can share one
    /// Redis. Every instance of one app must use the same; no braces (the backplane adds its own Redis
    /// Cluster hash tag). Defaults to <c>"smooven"</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// How long callbacks stay in the stream: an instance that starts reads back this much, and
    /// one away for longer misses what was trimmed meanwhile (logged as a gap). Defaults to 15 minutes.
    /// </summary>
    public TimeSpan Retention { get; set; } = DefaultRetention;
}
