namespace Smooven.Client.Testing.Tests.Support;

/// <summary>Shorthands the emulator tests share.</summary>
internal static class Emulated
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static SmoovenClient ClientFor(SmoovenEmulator emulator, TimeProvider? timeProvider = null, DeliveryTracker? tracker = null) =>
        new(null, new SmoovenClientOptions { SecretKey = emulator.SecretKey, BaseAddress = emulator.BaseAddress }, tracker, timeProvider, null);

    public static NotifyRequest Reminder(Uri? callbackUrl, string userId = "sarah@example.com", Urgency? urgency = null) => new()
    {
        Intent = "Remind Sarah about her appointment",
        Urgency = urgency ?? Urgency.Normal,
        Context = new NotifyContext { UserId = userId },
        CallbackUrl = callbackUrl,
    };

    public static string[] EventsOf(IEnumerable<ReceivedCallback> callbacks) =>
        [.. callbacks.Select(c => $"{c.Parse().Event}/{c.Parse().ChannelUsed}")];
}
