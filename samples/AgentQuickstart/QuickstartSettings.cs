using Smooven.Client;

namespace AgentQuickstart;

/// <summary>
/// What the quickstart talks to and waits for. With no settings it runs against an in-process
/// emulator; with SMOOVEN_SECRET_KEY and SMOOVEN_CALLBACK_URL set it talks to the real Smooven.
/// </summary>
public sealed record QuickstartSettings
{
    /// <summary>What <see cref="Until"/> may name, and the event each waits for.</summary>
    public static IReadOnlyDictionary<string, CallbackEvent> UntilChoices { get; } = new Dictionary<string, CallbackEvent>(StringComparer.OrdinalIgnoreCase)
    {
        ["delivered"] = CallbackEvent.Delivered,
        ["opened"] = CallbackEvent.Opened,
        ["clicked"] = CallbackEvent.Clicked,
    };

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

    /// <summary>What to wait for: <c>delivered</c> (the default), <c>opened</c> or <c>clicked</c> (--until, SMOOVEN_UNTIL).</summary>
    public string Until { get; init; } = "delivered";

    /// <summary>How long to wait for <see cref="Until"/> or a failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The emulator's gap between callbacks, so progress is visible.</summary>
    public TimeSpan EmulatorEventInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>A command-line argument the quickstart does not know, if any.</summary>
    public string? UnknownArgument { get; init; }

    public bool UsesEmulator => SecretKey is null;

    /// <summary>The event <see cref="Until"/> names; check <see cref="Problem"/> first.</summary>
    public CallbackEvent UntilEvent => UntilChoices[Until];

    /// <summary>Reads the SMOOVEN_* environment variables, then <c>--until</c> from the arguments, which wins.</summary>
    public static QuickstartSettings FromEnvironment(IReadOnlyList<string> args)
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

        var settings = new QuickstartSettings
        {
            SecretKey = Read("SMOOVEN_SECRET_KEY"),
            CallbackUrl = Read("SMOOVEN_CALLBACK_URL") is { } callback ? new Uri(callback) : null,
            BaseAddress = Read("SMOOVEN_BASE_ADDRESS") is { } baseAddress ? new Uri(baseAddress) : null,
        };
        settings = Read("SMOOVEN_LISTEN_URL") is { } listen ? settings with { ListenUrl = new Uri(listen) } : settings;
        settings = Read("SMOOVEN_USER_ID") is { } userId ? settings with { UserId = userId } : settings;
        settings = Read("SMOOVEN_UNTIL") is { } until ? settings with { Until = until } : settings;
        return settings.WithArguments(args);
    }

    /// <summary>Applies <c>--until &lt;event&gt;</c> (or <c>--until=&lt;event&gt;</c>).</summary>
    public QuickstartSettings WithArguments(IReadOnlyList<string> args)
    {
        var settings = this;
        for (var i = 0; i < args.Count; i++)
        {
            settings = args[i] switch
            {
                "--until" when i + 1 < args.Count => settings with { Until = args[++i] },
                var arg when arg.StartsWith("--until=", StringComparison.Ordinal) => settings with { Until = arg["--until=".Length..] },
                var arg => settings with { UnknownArgument = arg },
            };
        }

        return settings;
    }

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem() => (SecretKey, CallbackUrl) switch
    {
        _ when UnknownArgument is not null =>
            $"Unknown argument '{UnknownArgument}'. Usage: dotnet run --project samples/AgentQuickstart [-- --until delivered|opened|clicked]",
        _ when !UntilChoices.ContainsKey(Until) =>
            $"--until (or SMOOVEN_UNTIL) must be one of {string.Join(", ", UntilChoices.Keys)}, not '{Until}'.",
        (null, not null) => "SMOOVEN_CALLBACK_URL is set but SMOOVEN_SECRET_KEY is not. Set both to use the real Smooven, or neither to use the emulator.",
        (not null, null) => "SMOOVEN_SECRET_KEY is set but SMOOVEN_CALLBACK_URL is not: Smooven needs a public URL to report back to " +
            "(for example a tunnel to " + ListenUrl + "). Set both, or neither to use the emulator.",
        _ => null,
    };
}
