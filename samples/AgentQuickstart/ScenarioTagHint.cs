using Smooven.Client.Testing;

namespace AgentQuickstart;

/// <summary>
/// What to tell the user about the emulator tag in their user id: an unknown tag would silently
/// mean "delivered", and +opened or +clicked only differ from it when the quickstart waits for them.
/// </summary>
public static class ScenarioTagHint
{
    /// <returns>A line to print before sending, or null when there is nothing to say.</returns>
    public static string? For(string userId, string until)
    {
        var at = userId.IndexOf('@', StringComparison.Ordinal);
        var local = at < 0 ? userId : userId[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus <= 0)
        {
            return null; // no tag (a leading '+' is a phone number, not a tag)
        }

        var tag = local[(plus + 1)..];
        if (SmoovenEmulator.ScenarioFromUserId(userId) is null)
        {
            var known = string.Join(", ", SmoovenEmulator.ScenarioTags.Select(t => "+" + t));
            return $"Warning: the emulator knows no tag '+{tag}', so {userId} gets the default story (delivered). Known tags: {known}.";
        }

        var goesPastDelivery = tag.Equals("opened", StringComparison.OrdinalIgnoreCase) || tag.Equals("clicked", StringComparison.OrdinalIgnoreCase);
        return goesPastDelivery && until.Equals("delivered", StringComparison.OrdinalIgnoreCase)
            ? $"Note: this story goes on past delivery; add --until {tag.ToLowerInvariant()} (or SMOOVEN_UNTIL={tag.ToLowerInvariant()}) to wait for it."
            : null;
    }
}
