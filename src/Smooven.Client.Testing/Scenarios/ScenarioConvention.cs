namespace Smooven.Client.Testing.Scenarios;

/// <summary>
/// Reads a scenario from a tag in the recipient's <c>user_id</c>, such as
/// <c>sarah+failed@example.com</c>, so that curl users and other languages can pick one
/// without code.
/// </summary>
internal static class ScenarioConvention
{
    // The one table of tags: the parser, the tool's banner, --help and error messages, and the
    // quickstart's warning all read it, so none of them can leave a tag out.
    private static readonly (string Tag, EmulatorScenario Scenario)[] Table =
    [
        ("delivered", EmulatorScenario.Delivered),
        ("failed", EmulatorScenario.Failed),
        ("fallback", EmulatorScenario.FallbackThenDelivered),
        ("fallback-delivered", EmulatorScenario.FallbackThenDelivered),
        ("fallback-failed", EmulatorScenario.FallbackThenFailed),
        ("opened", EmulatorScenario.DeliveredOpenedClicked),
        ("clicked", EmulatorScenario.DeliveredOpenedClicked),
        ("silence", EmulatorScenario.Silence),
    ];

    private static readonly Dictionary<string, EmulatorScenario> ScenariosByTag =
        Table.ToDictionary(entry => entry.Tag, entry => entry.Scenario, StringComparer.OrdinalIgnoreCase);

    /// <summary>The tags the convention knows, in the table's order, for help texts.</summary>
    public static IReadOnlyList<string> Tags { get; } = [.. Table.Select(entry => entry.Tag)];

    public static EmulatorScenario? FromUserId(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        // The tag runs from the last '+' to the '@' of an email address, or to the end: "name+tag@host", "name+tag",
        // and "+61400000000+tag" for a user known by phone number, whose own '+' comes first.
        var end = userId.IndexOf('@', StringComparison.Ordinal);
        var local = end < 0 ? userId : userId[..end];
        var plus = local.LastIndexOf('+');
        if (plus < 0)
        {
            return null;
        }

        return ScenariosByTag.TryGetValue(local[(plus + 1)..], out var scenario) ? scenario : null;
    }
}
