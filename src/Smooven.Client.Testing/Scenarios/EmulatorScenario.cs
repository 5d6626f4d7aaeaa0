namespace Smooven.Client.Testing;

/// <summary>
/// The story the emulator tells about one notification through its status callbacks.
/// Pick one per notification with <see cref="SmoovenEmulatorOptions.ScenarioSelector"/>, or
/// without code by tagging the recipient's <c>user_id</c> (see <see cref="SmoovenEmulator.ScenarioFromUserId"/>).
/// </summary>
public enum EmulatorScenario
{
    /// <summary>queued, sent, delivered by SMS. The default.</summary>
    Delivered,

    /// <summary>queued, sent, failed by SMS: a permanent failure.</summary>
    Failed,

    /// <summary>queued and sent by SMS, fallback from SMS, then sent and delivered by email.</summary>
    FallbackThenDelivered,

    /// <summary>queued and sent by SMS, fallback from SMS, then sent by email and failed.</summary>
    FallbackThenFailed,

    /// <summary>queued, sent, delivered, opened and clicked by email.</summary>
    DeliveredOpenedClicked,

    /// <summary>Accepted, then no callback at all: a waiting agent times out.</summary>
    Silence,
}
