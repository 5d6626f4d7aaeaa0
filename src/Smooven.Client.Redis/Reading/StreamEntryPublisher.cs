using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// What <see cref="CallbackStreamReader"/> does with each entry it reads: one from another instance,
/// or one of this instance's own that its endpoint did not publish (<see cref="OwnAppendsInDoubt"/>),
/// is checked (<see cref="StreamEntryCheck"/>) and published to the local <see cref="DeliveryTracker"/>;
/// this instance's other entries were published when they arrived, so they are skipped unchecked.
/// </summary>
internal sealed class StreamEntryPublisher(BackplaneKeys keys, OwnAppendsInDoubt inDoubt, DeliveryTracker tracker, CallbackVerifier verifier, RedisMetrics metrics, ILogger logger)
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A tracker fault must not stop the reader for every later callback.")]
    public void Publish(StreamEntry entry)
    {
        var origin = entry[BackplaneKeys.OriginField];
        if (origin == keys.Origin && !inDoubt.Contains(entry[BackplaneKeys.BodyField]))
        {
            return;
        }

        var callback = StreamEntryCheck.Read(entry, verifier, out var refusal);
        if (callback is null)
        {
            RedisLog.EntryRefused(logger, entry.Id.ToString(), origin.ToString(), refusal!);
            metrics.EntryRefused();
            return;
        }

        try
        {
            tracker.Publish(callback);
        }
        catch (Exception ex)
        {
            RedisLog.TrackerFailed(logger, callback.Event, callback.NotificationId, ex);
        }
    }
}
