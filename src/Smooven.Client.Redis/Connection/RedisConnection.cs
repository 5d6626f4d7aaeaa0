using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Connection;

/// <summary>
/// The backplane's one Redis connection, made once when the reader starts, from the configuration
/// string, the factory, or the multiplexer in DI (in that order). It logs and counts failures and
/// restorations, checks Redis's eviction policy when a connection becomes ready (without holding the
/// start for it), and closes at shutdown the connection it made (never the one from DI).
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SmoovenRedisOptions _options;
    private readonly IServiceProvider _services;
    private readonly RedisMetrics _metrics;
    private readonly ILogger _logger;
    private readonly EvictionPolicyCheck _evictionPolicy;
    private IConnectionMultiplexer? _owned;

    // The multiplexer whose events this connection handles, from the moment it subscribed: whatever
    // happens after, DisposeAsync unsubscribes, so a backplane whose start failed or was given up
    // does not stay subscribed to the application's own multiplexer.
    private IConnectionMultiplexer? _subscribed;

    public RedisConnection(IOptions<SmoovenRedisOptions> options, IServiceProvider services, RedisMetrics metrics, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _services = services;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger(RedisLog.Category);
        _evictionPolicy = new EvictionPolicyCheck(_logger);
    }

    /// <summary>Raised when a connection is lost, as StackExchange.Redis reports it (on its own thread).</summary>
    public event Action? Failed;

    /// <summary>Raised when a connection comes back, so that the reader catches up at once.</summary>
    public event Action? Restored;

    /// <summary>
    /// The <c>ChannelPrefix</c> of the connection, which StackExchange.Redis adds to the channels it
    /// publishes and subscribes to, but not to a <c>PUBLISH</c> inside a script. Set before
    /// <see cref="WhenReady"/> completes.
    /// </summary>
    public string ChannelPrefix { get; private set; } = string.Empty;

    /// <summary>The connection, once <see cref="ConnectAsync"/> has made it.</summary>
    public Task<IConnectionMultiplexer> WhenReady => _ready.Task;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            if (_options.Configuration is { } configuration)
            {
                var settings = ConfigurationOptions.Parse(configuration);

                // Start even while Redis is down, and answer 503 at once rather than hold a callback
                // for the timeout: Smooven retries, and the reader catches up when Redis is back.
                settings.AbortOnConnectFail = false;
                settings.BacklogPolicy = BacklogPolicy.FailFast;

                // Replies are read on the .NET thread pool, where their continuations run anyway,
                // rather than handed over from the shared dedicated threads: one thread switch less
                // per reply, measured at about a third less CPU per callback under load.
                settings.SocketManager ??= SocketManager.ThreadPool;
                multiplexer = _owned = await WaitOrCloseLaterAsync(ConnectionMultiplexer.ConnectAsync(settings), cancellationToken).ConfigureAwait(false);
            }
            else if (_options.ConnectionMultiplexerFactory is { } factory)
            {
                multiplexer = _owned = await WaitOrCloseLaterAsync(factory(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                multiplexer = _services.GetRequiredService<IConnectionMultiplexer>();
            }

            ChannelPrefix = ConfigurationOptions.Parse(multiplexer.Configuration).ChannelPrefix is { IsNullOrEmpty: false } prefix ? prefix.ToString() : string.Empty;
            _subscribed = multiplexer;
            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            multiplexer.ConfigurationChanged += OnConfigurationChanged;
            _ready.TrySetResult(multiplexer);
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }

        // Not awaited, as after a reconnect: a Redis slow to answer, or the application's multiplexer
        // queueing commands while Redis is down, would hold the start for the command timeout.
        _evictionPolicy.CheckConnectedPrimaries(multiplexer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscribed is { } subscribed)
        {
            subscribed.ConnectionFailed -= OnConnectionFailed;
            subscribed.ConnectionRestored -= OnConnectionRestored;
            subscribed.ConfigurationChanged -= OnConfigurationChanged;
        }

        if (_owned is { } owned)
        {
            await CloseAsync(owned).ConfigureAwait(false);
        }
    }

    // Disposed even when the close fails: a multiplexer left undisposed goes on reconnecting.
    private static async Task CloseAsync(IConnectionMultiplexer owned)
    {
        try
        {
            await owned.CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            owned.Dispose();
        }
    }

    /// <summary>
    /// Waits for a connection the backplane makes. If the start is given up first, the connection
    /// is closed whenever it comes: with AbortOnConnectFail off it would otherwise reconnect for
    /// ever, in a host that gave up starting and has already disposed this object.
    /// </summary>
    private async Task<TMultiplexer> WaitOrCloseLaterAsync<TMultiplexer>(Task<TMultiplexer> connecting, CancellationToken cancellationToken)
        where TMultiplexer : IConnectionMultiplexer
    {
        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = CloseWhenMadeAsync(connecting);
            throw;
        }
    }

    // Nobody awaits it (the start it was made for is over), so nothing may escape it: a failure to
    // close is logged, and a logger that throws (its host is disposed by now) is ignored.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Nothing observes this task: every failure ends here.")]
    private async Task CloseWhenMadeAsync<TMultiplexer>(Task<TMultiplexer> connecting)
        where TMultiplexer : IConnectionMultiplexer
    {
        TMultiplexer made;
        try
        {
            made = await connecting.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // not made: nothing to close, and the start was already given up
        }

        try
        {
            await CloseAsync(made).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            try
            {
                RedisLog.LateConnectionCloseFailed(_logger, ex);
            }
            catch (Exception)
            {
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // First: a logger or listener that throws must not keep the reader from checking for a gap.
        Failed?.Invoke();
        RedisLog.ConnectionFailed(_logger, e.EndPoint?.ToString(), e.ConnectionType, e.FailureType);
        _metrics.ConnectionFailed(e.ConnectionType);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        RedisLog.ConnectionRestored(_logger, e.EndPoint?.ToString(), e.ConnectionType);
        _metrics.ConnectionRestored(e.ConnectionType);
        if (e.ConnectionType == ConnectionType.Interactive && e.EndPoint is { } endPoint && _subscribed is { } multiplexer)
        {
            // A new connection may reach another server (a failover) or one that was down at start.
            _evictionPolicy.CheckRestored(multiplexer, endPoint);
        }

        Restored?.Invoke();
    }

    // A replica made primary keeps its connection: no restoration asks it for its eviction policy.
    private void OnConfigurationChanged(object? sender, EndPointEventArgs e)
    {
        if (e.EndPoint is { } endPoint && _subscribed is { } multiplexer)
        {
            _evictionPolicy.CheckChanged(multiplexer, endPoint);
        }
    }
}
