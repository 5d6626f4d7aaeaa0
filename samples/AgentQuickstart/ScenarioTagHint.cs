using Smooven.Client;
using Smooven.Client.Testing;

namespace AgentQuickstart;

/// <summary>
/// What to tell the user about the emulator tag in their user id: an unknown tag would silently
/// mean "delivered", and +opened or +clicked only differ from it when the quickstart waits for them.
/// </summary>
public static class ScenarioTagHint
{
    /// <param name="userId">The recipient, perhaps tagged: sarah+opened@example.com.</param>
    /// <param name="until">A valid <see cref="QuickstartSettings.Until"/>.</param>
    /// <returns>A line to print before sending, or null when there is nothing to say.</returns>
    public static string? For(string userId, string until)
    {
        var at = userId.IndexOf('@', StringComparison.Ordinal);
        var local = at < 0 ? userId : userId[..at];
        var plus = local.LastIndexOf('+'); // as the emulator reads it: +61400000000+failed is tagged "failed"
        if (plus <= 0)
        {
            return null; // no tag (a leading '+' is a phone number, not a tag)
        }

        var tag = local[(plus + 1)..].ToLowerInvariant();
        var scenario = SmoovenEmulator.ScenarioFromUserId(userId);
        if (scenario is null)
        {
            var known = string.Join(", ", SmoovenEmulator.ScenarioTags.Select(t => "+" + t));
            return $"Warning: the emulator knows no tag '+{tag}', so {userId} gets the default story (delivered). Known tags: {known}.";
        }

        var waitsOnlyForDelivery = QuickstartSettings.UntilChoices[until] == CallbackEvent.Delivered;
        var suggestion = QuickstartSettings.UntilChoices.ContainsKey(tag) ? tag : "opened";
        return scenario == EmulatorScenario.DeliveredOpenedClicked && waitsOnlyForDelivery
            ? $"Note: this story goes on past delivery; add --until {suggestion} (or SMOOVEN_UNTIL={suggestion}) to wait for it."
            : null;
    }
}
