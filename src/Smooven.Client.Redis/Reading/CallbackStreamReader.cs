using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// This instance's reader of the callback stream: its own cursor, plain non-blocking <c>XREAD</c>s
/// in batches (never a blocking read, which would hold the shared connection), woken by the nudge
/// after each append by another instance and by a poll. What becomes of each entry read is
/// <see cref="StreamEntryPublisher"/>'s job.
/// </summary>
/// <remarks>
/// A nudge carries the origin of the append: the reader ignores its own, whose entries it would
/// only skip, and reads past them with the next foreign nudge or poll, in batches.
/// </remarks>
internal sealed class CallbackStreamReader : BackgroundService
{
    private const int BatchSize = 256;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Before any id Redis gives an entry.
    private static readonly RedisValue StreamStart = "0-0";

    private readonly RedisConnection _connection;
    private readonly BackplaneKeys _keys;
    private readonly SmoovenRedisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WakeSignal _wake = new();
    private readonly StreamGapCheck _gapCheck;
    private readonly StreamCursor _cursor;
    private readonly RefusalReporter _refusals;
    private readonly StreamEntryPublisher _entries;
    private readonly OwnAppendsInDoubt _inDoubt;

    private bool _subscribed;
    private bool _subscribeFailureLogged;
    private bool _positioned;
    private ITimer? _poll;

    public CallbackStreamReader(
        RedisConnection connection,
        BackplaneKeys keys,
        StreamCursor cursor,
        OwnAppendsInDoubt inDoubt,
        DeliveryTracker tracker,
        CallbackVerifier verifier,
        IOptions<SmoovenRedisOptions> options,
        TimeProvider timeProvider,
        RedisMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _keys = keys;
        _cursor = cursor;
        _inDoubt = inDoubt;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(RedisLog.Category);
        _gapCheck = new StreamGapCheck(_logger, metrics, timeProvider);
        _refusals = new RefusalReporter(_logger, metrics, keys, _options.KeyPrefix, RedisRefusalSide.Reader);
        _entries = new StreamEntryPublisher(keys, inDoubt, tracker, verifier, metrics, _logger);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _connection.Failed += _gapCheck.Request;
        _connection.Restored += OnRestored;
        _inDoubt.Added += _wake.Set;
        await WriteBatchScript.LoadAsync(await _connection.WhenReady.ConfigureAwait(false)).ConfigureAwait(false);

        // Read back the retained stream before the host serves, so that waits and GetStatus see
        // the callbacks that came before this start, whichever instance received them.
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _connection.Failed -= _gapCheck.Request;
        _connection.Restored -= OnRestored;
        _inDoubt.Added -= _wake.Set;
        if (_poll is not null)
        {
            await _poll.DisposeAsync().ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The poll reads anyway, in case a nudge was lost while the subscription was down.
        _poll = _timeProvider.CreateTimer(static state => ((WakeSignal)state!).Set(), _wake, PollInterval, PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
            await CatchUpAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    // A failed read leaves the cursor where it was: the next wake-up catches up from it.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The reader must outlive any one failed turn.")]
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = (await _connection.WhenReady.ConfigureAwait(false)).GetDatabase();
            await SubscribeOnceAsync().ConfigureAwait(false);
            // Before the first read: entries a failed batch may have appended can lie behind the cursor.
            var turn = _inDoubt.BeginTurn(out var readAgainFrom);
            if (!readAgainFrom.IsNull)
            {
                _cursor.MoveBackTo(readAgainFrom);
            }

            await PositionOnceAsync(db).ConfigureAwait(false);
            if (await _gapCheck.RunIfDueAsync(db, _keys.Stream, _cursor.Position).ConfigureAwait(false))
            {
                _cursor.Reset(StreamStart);
            }

            // Before the read: a count of the stream holds once the cursor has reached its last id.
            await _gapCheck.CountIfDueAsync(db, _keys.Stream, _cursor.Position, cancellationToken).ConfigureAwait(false);

            StreamEntry[] batch;
            do
            {
                // Given up at shutdown rather than awaited: a Redis that answers nothing held the
                // host's stop for the whole command timeout (5 s by default).
                batch = await db.StreamReadAsync(_keys.Stream, _cursor.Position, BatchSize).WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var entry in batch)
                {
                    // The cursor moves first: an entry whose delivery throws (a failing logger) is not read again forever.
                    _cursor.MoveTo(entry.Id);
                    _entries.Publish(entry);
                }
            }
            while (batch.Length == BatchSize);
            _inDoubt.EndTurn(turn);
            _refusals.Succeeded();
        }
        catch (Exception ex) when (RedisWebhookBackplane.IsUnreachable(ex))
        {
            // The connection logs its own failures as warnings (3004). A refusal, logged at Debug with
            // them, left such an instance without another's callbacks and nothing above Debug said why:
            // it is counted at every poll, and told as an error (3020) once per run of refusals.
            if (RedisRefusal.Is(ex))
            {
                _inDoubt.Forget();
            }

            if (!_refusals.Failed(ex))
            {
                RedisLog.ReadFailed(_logger, ex);
            }

            _gapCheck.Request();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else would stop the host with the reader: log it and try again at the next wake-up.
            RedisLog.ReaderFailed(_logger, ex);
            _gapCheck.Request();
        }
    }

    // A subscription refused (a Redis ACL without the channel, a proxy without pub/sub) or not yet
    // connected must not stop the reading: it failed the whole turn, so such an instance never read
    // another instance's callback. The poll reads meanwhile; each turn tries again, logged once.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any failure leaves the poll to read; the next turn tries again.")]
    private async Task SubscribeOnceAsync()
    {
        if (_subscribed)
        {
            return;
        }

        try
        {
            var multiplexer = await _connection.WhenReady.ConfigureAwait(false);
            var origin = _keys.Origin;
            await multiplexer.GetSubscriber().SubscribeAsync(_keys.Nudge, (_, from) =>
            {
                if (from != origin)
                {
                    _wake.Set();
                }
            }).ConfigureAwait(false);
            _subscribed = true;
        }
        catch (Exception ex)
        {
            if (!_subscribeFailureLogged)
            {
                _subscribeFailureLogged = true;
                RedisLog.SubscribeFailed(_logger, _keys.NudgeName, ex);
            }
        }
    }

    // The first read starts a retention before Redis's time, which gives the entries their ids (or at
    // the newest entry of a stream idle for longer): this machine's clock, an hour ahead, made the
    // reader start after every id Redis would give for an hour. While Redis cannot be reached at
    // start, the first successful turn does it.
    private async Task PositionOnceAsync(IDatabase db)
    {
        if (!_positioned)
        {
            _cursor.Reset(await StreamRetention.ReadBackStartAsync(db, _keys.Stream, _options.Retention).ConfigureAwait(false));
            _positioned = true;
        }
    }

    // After a reconnect the stream may have been trimmed past the cursor meanwhile. The check is asked
    // for when the connection is lost too: a poll that read on the new connection before this ran
    // would move the cursor past the gap, and the check would then find none.
    private void OnRestored()
    {
        _gapCheck.Request();
        _wake.Set();
        _ = ReloadScriptAsync();
    }

    // A restarted Redis has lost its scripts: load it again rather than send it whole from now on.
    private async Task ReloadScriptAsync() =>
        await WriteBatchScript.LoadAsync(await _connection.WhenReady.ConfigureAwait(false)).ConfigureAwait(false);
}
