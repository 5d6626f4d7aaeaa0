namespace Smooven.Client.Testing.Scenarios;

/// <summary>
/// Reads a scenario from a tag in the recipient's <c>user_id</c>, such as
/// <c>sarah+failed@example.com</c>, so that curl users and other languages can pick one
/// without code.
/// </summary>
internal static class ScenarioConvention
{
    private static readonly Dictionary<string, EmulatorScenario> ScenariosByTag = new(StringComparer.OrdinalIgnoreCase)
    {
        ["delivered"] = EmulatorScenario.Delivered,
        ["failed"] = EmulatorScenario.Failed,
        ["fallback"] = EmulatorScenario.FallbackThenDelivered,
        ["fallback-delivered"] = EmulatorScenario.FallbackThenDelivered,
        ["fallback-failed"] = EmulatorScenario.FallbackThenFailed,
        ["opened"] = EmulatorScenario.DeliveredOpenedClicked,
        ["clicked"] = EmulatorScenario.DeliveredOpenedClicked,
        ["silence"] = EmulatorScenario.Silence,
    };

    /// <summary>The tags the convention knows, for help texts.</summary>
    public static IEnumerable<string> Tags => ScenariosByTag.Keys;

    public static EmulatorScenario? FromUserId(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        // The tag runs from a '+' to the '@' of an email address, or to the end: "name+tag@host", "name+tag".
        var end = userId.IndexOf('@', StringComparison.Ordinal);
        var local = end < 0 ? userId : userId[..end];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return null;
        }

        return ScenariosByTag.TryGetValue(local[(plus + 1)..], out var scenario) ? scenario : null;
    }
}
