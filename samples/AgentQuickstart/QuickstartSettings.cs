namespace AgentQuickstart;

/// <summary>
/// What the quickstart talks to. With no settings it runs against an in-process emulator; with
/// SMOOVEN_SECRET_KEY and SMOOVEN_CALLBACK_URL set it talks to the real Smooven.
/// </summary>
public sealed record QuickstartSettings
{
    /// <summary>Your Smooven secret key; null runs against the emulator.</summary>
    public string? SecretKey { get; init; }

    /// <summary>The public URL Smooven posts callbacks to (a tunnel to <see cref="ListenUrl"/>).</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>Where the local webhook receiver listens when talking to the real service.</summary>
    public Uri ListenUrl { get; init; } = new("http://127.0.0.1:5000");

    /// <summary>The Smooven API address; the SDK's default when null.</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>Who to remind. With the emulator, a tag picks the story: sarah+failed@example.com.</summary>
    public string UserId { get; init; } = "sarah@example.com";

    /// <summary>How long to wait for delivered or failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The emulator's gap between callbacks, so progress is visible.</summary>
    public TimeSpan EmulatorEventInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    public bool UsesEmulator => SecretKey is null;

    public static QuickstartSettings FromEnvironment()
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

        var settings = new QuickstartSettings
        {
            SecretKey = Read("SMOOVEN_SECRET_KEY"),
            CallbackUrl = Read("SMOOVEN_CALLBACK_URL") is { } callback ? new Uri(callback) : null,
            BaseAddress = Read("SMOOVEN_BASE_ADDRESS") is { } baseAddress ? new Uri(baseAddress) : null,
        };
        if (Read("SMOOVEN_LISTEN_URL") is { } listen)
        {
            settings = settings with { ListenUrl = new Uri(listen) };
        }

        return Read("SMOOVEN_USER_ID") is { } userId ? settings with { UserId = userId } : settings;
    }

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem() => (SecretKey, CallbackUrl) switch
    {
        (null, not null) => "SMOOVEN_CALLBACK_URL is set but SMOOVEN_SECRET_KEY is not. Set both to use the real Smooven, or neither to use the emulator.",
        (not null, null) => "SMOOVEN_SECRET_KEY is set but SMOOVEN_CALLBACK_URL is not: Smooven needs a public URL to report back to " +
            "(for example a tunnel to " + ListenUrl + "). Set both, or neither to use the emulator.",
        _ => null,
    };
}
