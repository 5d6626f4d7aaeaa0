using Smooven.Client.AspNetCore;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>A claim queued in <see cref="WriteBatcher"/>, answered once its batch has run.</summary>
internal sealed class PendingClaim(RedisKey key, SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken)
{
    public RedisKey Key { get; } = key;

    public SmoovenVerifiedDelivery Delivery { get; } = delivery;

    /// <summary>Its caller's: once cancelled, the claim is dropped rather than sent.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    // Its caller's continuation runs on the thread pool, not in the loop that sends the next batch.
    public TaskCompletionSource<int> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// A completion queued in <see cref="WriteBatcher"/>: <see cref="Window"/> in milliseconds for a
/// handled mark, or <see cref="WriteBatchScript.Release"/>; nobody waits for it. A renewal is a handled
/// mark set again for a delivery remembered as handled, only logged differently when it fails. A lost
/// claim's release frees a lease that a failed claim may have taken (<see cref="UnsettledLeases"/>).
/// A resend is one that failed before, and was logged then.
/// </summary>
internal readonly record struct PendingCompletion(
    RedisKey Key, RedisValue Window, DeliveryCallback Callback, bool IsRenewal = false, bool IsLostClaimRelease = false, bool IsResend = false);
