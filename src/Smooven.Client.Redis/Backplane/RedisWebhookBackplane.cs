using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Diagnostics;
using Smooven.Client.Redis.Reading;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The webhook endpoint's side of the backplane: a claim per body hash (a short lease, then kept
/// for the duplicate window once handled, counted from the last time it was seen), and the append
/// of each verified delivery to the stream, trimmed to the retention, followed by a nudge to the readers.
/// </summary>
/// <remarks>
/// The claim and the append are one step of a batch (<see cref="WriteBatcher"/>), run by
/// <see cref="ClaimAsync"/>: the endpoint appends every delivery it claims, at once, so a claimed
/// delivery is recorded by the time <see cref="ClaimAsync"/> answers, and
/// <see cref="AppendAsync"/> only confirms it. A delivery handed to <see cref="AppendAsync"/>
/// without that claim is appended on its own.
/// </remarks>
internal sealed class RedisWebhookBackplane : ISmoovenWebhookBackplane, IDisposable
{
    // Longer than Smooven waits for an answer (10 s), so it outlives any handling Smooven still
    // awaits; short enough that a claim whose release was lost with the connection frees itself
    // before Smooven's second retry (35 s after the first attempt).
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    // The endpoint renews a delivery at most this often (ISmoovenWebhookBackplane.RenewAsync): a
    // renewed mark outlives the window of every copy seen before the next renewal by this much.
    private static readonly TimeSpan RenewalInterval = TimeSpan.FromSeconds(1);

    private readonly RedisConnection _connection;
    private readonly BackplaneKeys _keys;
    private readonly IOptionsMonitor<SmoovenWebhookOptions> _webhookOptions;
    private readonly IOptionsMonitor<SmoovenRedisOptions> _options;
    private readonly ILogger _logger;
    private readonly WriteBatcher _writes;
    private readonly RefusalReporter _refusals;

    // The deliveries claimed and recorded by this instance and not yet completed, with their key:
    // AppendAsync confirms them, CompleteAsync ends them without hashing the body again.
    private readonly ConcurrentDictionary<SmoovenVerifiedDelivery, RedisKey> _claimed = new(ReferenceEqualityComparer.Instance);

    public RedisWebhookBackplane(
        RedisConnection connection,
        BackplaneKeys keys,
        StreamCursor cursor,
        OwnAppendsInDoubt inDoubt,
        IOptionsMonitor<SmoovenWebhookOptions> webhookOptions,
        IOptionsMonitor<SmoovenRedisOptions> options,
        RedisMetrics metrics,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _keys = keys;
        _webhookOptions = webhookOptions;
        _options = options;
        _logger = loggerFactory.CreateLogger(RedisLog.Category);
        _writes = new WriteBatcher(connection, keys, cursor, inDoubt, timeProvider, _logger)
        {
            LeaseMilliseconds = (long)ClaimLease.TotalMilliseconds,
            HandledMark = "handled",
            WindowMilliseconds = () => WriteBatcher.Milliseconds(_webhookOptions.CurrentValue.DuplicateWindow),
            RetentionMilliseconds = () => StreamRetention.Milliseconds(_options.CurrentValue.Retention),
        };
        _refusals = new RefusalReporter(_logger, metrics, keys, options.CurrentValue.KeyPrefix, RedisRefusalSide.Writer);
    }

    public async Task<SmoovenBackplaneClaim> ClaimAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var key = _keys.Delivery(delivery.Body.Span);
        try
        {
            await _connection.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = await _writes.ClaimAsync(key, delivery, cancellationToken).ConfigureAwait(false);
            _refusals.Succeeded();
            switch (result)
            {
                case WriteBatchScript.Claimed:
                    _claimed[delivery] = key;
                    return SmoovenBackplaneClaim.Claimed;
                case WriteBatchScript.Duplicate:
                    return SmoovenBackplaneClaim.Duplicate;
                default:
                    return SmoovenBackplaneClaim.Busy;
            }
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            _refusals.Failed(ex);
            RedisLog.ClaimFailed(_logger, delivery.Callback.Event, delivery.Callback.NotificationId, ex);
            return SmoovenBackplaneClaim.Unavailable;
        }
    }

    public async Task<bool> AppendAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (_claimed.ContainsKey(delivery))
        {
            return true;
        }

        try
        {
            var db = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            NameValueEntry[] fields =
            [
                new(BackplaneKeys.OriginField, _keys.Origin),
                new(BackplaneKeys.BodyField, delivery.Body),
                new(BackplaneKeys.SignatureField, delivery.SignatureHeader),
            ];

            // Sent together on one connection, so Redis runs them in this order: a reader woken by
            // the nudge finds the entry.
            var append = db.StreamAddAsync(_keys.Stream, fields);
            StreamRetention.Trim(db, _keys.Stream, _options.CurrentValue.Retention);
            _ = db.PublishAsync(_keys.Nudge, _keys.Origin, CommandFlags.FireAndForget);
            await append.ConfigureAwait(false);
            _refusals.Succeeded();
            return true;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            _refusals.Failed(ex);
            RedisLog.AppendFailed(_logger, delivery.Callback.Event, delivery.Callback.NotificationId, ex);
            return false;
        }
    }

    // Not awaited (see WriteBatcher.Complete), so the 200 does not wait for another round trip.
    public async Task CompleteAsync(SmoovenVerifiedDelivery delivery, bool handled)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var key = _claimed.TryRemove(delivery, out var claimedKey) ? claimedKey : _keys.Delivery(delivery.Body.Span);
        var window = _webhookOptions.CurrentValue.DuplicateWindow;
        try
        {
            await _connection.WhenReady.ConfigureAwait(false);
            _writes.Complete(key, delivery, handled && window > TimeSpan.Zero ? window : null);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            RedisLog.CompleteFailed(_logger, delivery.Callback.Event, delivery.Callback.NotificationId, ex);
        }
    }

    // Not awaited either. The handled mark is set anew rather than only given a new expiry: the
    // delivery was handled, so a mark that Redis lost (a restart without persistence) is put back.
    // Kept a window and a renewal interval: the copies this instance sees until it may renew again
    // restart their window here without a write.
    public async Task RenewAsync(SmoovenVerifiedDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var window = _webhookOptions.CurrentValue.DuplicateWindow;
        if (window <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await _connection.WhenReady.ConfigureAwait(false);
            _writes.Renew(_keys.Delivery(delivery.Body.Span), delivery, window + RenewalInterval);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            RedisLog.RenewFailed(_logger, delivery.Callback.Event, delivery.Callback.NotificationId, ex);
        }
    }

    public void Dispose() => _writes.Dispose();

    // The connection closed at shutdown is unreachable too: a claim still queued then is answered
    // Unavailable (503, Smooven retries) rather than thrown out of the endpoint as a 500.
    internal static bool IsUnreachable(Exception ex) => ex is RedisException or RedisTimeoutException or ObjectDisposedException;

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await _connection.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase();
    }
}
