namespace Smooven.Client.Testing.Scenarios;

/// <summary>One callback a scenario calls for: what happened and on which channel.</summary>
internal readonly record struct ScenarioStep(CallbackEvent Event, Channel Channel)
{
    /// <summary>The <c>status</c> field: the event name without its <c>notification.</c> prefix.</summary>
    public string Status
    {
        get
        {
            var name = Event.ToString();
            return name[(name.LastIndexOf('.') + 1)..];
        }
    }
}

/// <summary>The callbacks each <see cref="EmulatorScenario"/> produces, in the order they happen.</summary>
internal static class ScenarioScript
{
    public static IReadOnlyList<ScenarioStep> StepsOf(EmulatorScenario scenario) => scenario switch
    {
        EmulatorScenario.Delivered =>
        [
            new(CallbackEvent.Queued, Channel.Sms),
            new(CallbackEvent.Sent, Channel.Sms),
            new(CallbackEvent.Delivered, Channel.Sms),
        ],
        EmulatorScenario.Failed =>
        [
            new(CallbackEvent.Queued, Channel.Sms),
            new(CallbackEvent.Sent, Channel.Sms),
            new(CallbackEvent.Failed, Channel.Sms),
        ],

        // The fallback event names the channel that failed; the events after it show the new one.
        EmulatorScenario.FallbackThenDelivered =>
        [
            new(CallbackEvent.Queued, Channel.Sms),
            new(CallbackEvent.Sent, Channel.Sms),
            new(CallbackEvent.Fallback, Channel.Sms),
            new(CallbackEvent.Sent, Channel.Email),
            new(CallbackEvent.Delivered, Channel.Email),
        ],
        EmulatorScenario.FallbackThenFailed =>
        [
            new(CallbackEvent.Queued, Channel.Sms),
            new(CallbackEvent.Sent, Channel.Sms),
            new(CallbackEvent.Fallback, Channel.Sms),
            new(CallbackEvent.Sent, Channel.Email),
            new(CallbackEvent.Failed, Channel.Email),
        ],

        // Opened and clicked are only reported by channels that track them, such as email.
        EmulatorScenario.DeliveredOpenedClicked =>
        [
            new(CallbackEvent.Queued, Channel.Email),
            new(CallbackEvent.Sent, Channel.Email),
            new(CallbackEvent.Delivered, Channel.Email),
            new(CallbackEvent.Opened, Channel.Email),
            new(CallbackEvent.Clicked, Channel.Email),
        ],
        EmulatorScenario.Silence => [],
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown emulator scenario."),
    };
}
