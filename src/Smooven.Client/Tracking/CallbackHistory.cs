namespace Smooven.Client.Tracking;

/// <summary>
/// The distinct callbacks of one notification in arrival order, as an array that is never changed
/// once built: appending makes a new one, so a <see cref="DeliveryResult"/> can share it as it is.
/// A notification has a handful of callbacks, so copying is cheaper than any list.
/// </summary>
internal static class CallbackHistory
{
    /// <summary>Whether <paramref name="seen"/> holds the same callback: same event, channel and timestamp
    /// (a retried delivery). The notification id is the same by construction.</summary>
    public static bool Contains(DeliveryCallback[] seen, DeliveryCallback callback) =>
        seen.Length != 0 && ContainsAny(seen, callback);

    private static bool ContainsAny(DeliveryCallback[] seen, DeliveryCallback callback)
    {
        foreach (var other in seen)
        {
            if (ReferenceEquals(other, callback)
                || (other.Timestamp == callback.Timestamp && other.Event == callback.Event && other.ChannelUsed == callback.ChannelUsed))
            {
                return true;
            }
        }

        return false;
    }

    public static DeliveryCallback[] Append(DeliveryCallback[] seen, DeliveryCallback callback)
    {
        // The usual first callback: no copy to set up.
        if (seen.Length == 0)
        {
            return [callback];
        }

        var next = new DeliveryCallback[seen.Length + 1];
        seen.CopyTo(next, 0);
        next[^1] = callback;
        return next;
    }
}
