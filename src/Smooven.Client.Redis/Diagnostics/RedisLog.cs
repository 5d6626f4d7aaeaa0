using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Diagnostics;

/// <summary>What the Redis backplane logs. Never a signature header, a key or a body.</summary>
internal static partial class RedisLog
{
    public const string Category = "Smooven.Client.Redis";

    [LoggerMessage(3001, LogLevel.Warning, "The Redis backplane could not claim {Event} for {NotificationId}; the webhook answers 503 so that Smooven retries.")]
    public static partial void ClaimFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(3002, LogLevel.Warning, "The Redis backplane could not append {Event} for {NotificationId} to the stream; the webhook answers 503 so that Smooven retries.")]
    public static partial void AppendFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(3003, LogLevel.Warning, "The Redis backplane could not end its claim on {Event} for {NotificationId}; it is sent again once the connection is back, or every 5 s while Redis answers with an error that passes (should this instance stop first, the claim expires on its own).")]
    public static partial void CompleteFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(3016, LogLevel.Warning, "The Redis backplane could not restart the duplicate window of {Event} for {NotificationId}, recognised again on this instance; the other instances remember it for a window from when they last saw it.")]
    public static partial void RenewFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(3004, LogLevel.Warning, "The Redis connection to {EndPoint} ({ConnectionType}) failed: {FailureType}. Callbacks are answered 503 until it is back; the reader catches up then.")]
    public static partial void ConnectionFailed(ILogger logger, string? endPoint, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(3005, LogLevel.Information, "The Redis connection to {EndPoint} ({ConnectionType}) is restored.")]
    public static partial void ConnectionRestored(ILogger logger, string? endPoint, ConnectionType connectionType);

    [LoggerMessage(3006, LogLevel.Warning, "Refused stream entry {EntryId} from instance {Origin}: {Reason}. It did not reach the delivery tracker; something without the Smooven key may be writing to the stream.")]
    public static partial void EntryRefused(ILogger logger, string entryId, string origin, string reason);

    [LoggerMessage(3007, LogLevel.Warning, "The callback stream was trimmed past this instance's cursor {Cursor} (it now starts at {StreamStart}) while the instance could not read: callbacks in between may have been missed. SmoovenRedisOptions.Retention is shorter than the time the instance was away.")]
    public static partial void Gap(ILogger logger, string cursor, string streamStart);

    [LoggerMessage(3008, LogLevel.Debug, "Reading the callback stream failed; retrying when the connection is back or at the next poll.")]
    public static partial void ReadFailed(ILogger logger, Exception exception);

    // An error, not a warning: this instance no longer receives what other instances record, and
    // will not until someone changes Redis (3011, the nudge refused, only makes it a second late).
    [LoggerMessage(3020, LogLevel.Error, "Redis refused this instance's read of the callback stream {Stream}: {Cause} Until it can read, no callback another instance receives reaches this one, and waits for those time out. Tried again at every poll; said again only after a read in between succeeds.")]
    public static partial void ReadRefused(ILogger logger, string stream, string cause, Exception exception);

    // An error, not a warning: Smooven's retries (after 5 s, 30 s and 2 min) meet the same refusal,
    // so every callback is lost while the per-callback warnings (3001, 3002) read as if they would help.
    [LoggerMessage(3021, LogLevel.Error, "Redis refused this instance's write of a callback to {Stream}: {Cause} Until it can write, every callback this instance receives is answered 503, and lost once Smooven stops retrying it (after 3 retries, about 2.5 minutes); the warnings 3001 and 3002 name each one. Said again only after a write in between succeeds.")]
    public static partial void WriteRefused(ILogger logger, string stream, string cause, Exception exception);

    [LoggerMessage(3009, LogLevel.Debug, "Read back {Count} callbacks from other instances, up to {Cursor}.")]
    public static partial void ReadBack(ILogger logger, int count, string cursor);

    [LoggerMessage(3010, LogLevel.Error, "The delivery tracker failed on {Event} for {NotificationId} read from the stream.")]
    public static partial void TrackerFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(3011, LogLevel.Warning, "Subscribing to the nudge channel {Channel} failed; until it succeeds (tried again at every read, not logged again), this instance reads the stream once a second, so callbacks from other instances reach it up to a second late. A Redis ACL user needs the channel (&{Channel}).")]
    public static partial void SubscribeFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(3012, LogLevel.Error, "Reading the callback stream failed unexpectedly; retrying at the next nudge or poll.")]
    public static partial void ReaderFailed(ILogger logger, Exception exception);

    [LoggerMessage(3013, LogLevel.Warning, "The callback stream's last id {LastId} is below this instance's cursor {Cursor}: Redis came back from an older copy of its data or on a clock behind. The instance reads the stream again from its start; callbacks recorded only in the lost data are missed.")]
    public static partial void StreamStartedOver(ILogger logger, string cursor, string lastId);

    [LoggerMessage(3014, LogLevel.Warning, "Redis at {EndPoint} has maxmemory {MaxMemory} bytes and maxmemory-policy {Policy}: once full, it may evict the callback stream, which has no expiry, and the instances that have not read it yet lose those callbacks. Set maxmemory-policy to noeviction (writes then fail and callbacks are answered 503, so Smooven retries them) or to a volatile-* policy. Said again for this server only when a reconnect finds another policy there.")]
    public static partial void EvictionPolicyEvictsStream(ILogger logger, string? endPoint, long maxMemory, string policy);

    [LoggerMessage(3015, LogLevel.Debug, "Could not read maxmemory and maxmemory-policy from Redis at {EndPoint} (CONFIG GET is often refused by managed Redis); carrying on. An allkeys-* policy with a maxmemory may evict the callback stream: use noeviction or a volatile-* policy.")]
    public static partial void EvictionPolicyUnknown(ILogger logger, string? endPoint, Exception? exception);

    [LoggerMessage(3017, LogLevel.Debug, "Redis at {EndPoint} has maxmemory {MaxMemory} bytes and maxmemory-policy {Policy}.")]
    public static partial void EvictionPolicyRead(ILogger logger, string? endPoint, long maxMemory, string policy);

    [LoggerMessage(3018, LogLevel.Warning, "Closing the Redis connection that came after its start was given up failed; it was disposed all the same, but may not have let go of its sockets.")]
    public static partial void LateConnectionCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(3019, LogLevel.Warning, "Redis refused the check for callbacks trimmed or lost while this instance could not read; reading goes on without it, and callbacks missed meanwhile are not reported. The Redis user needs XINFO and EXISTS on the stream.")]
    public static partial void GapCheckRefused(ILogger logger, Exception exception);
}
