namespace SmoovenMcpServer;

/// <summary>
/// What the server talks to and how it is reached. With no settings: the in-process emulator, over
/// stdio. SMOOVEN_SECRET_KEY and SMOOVEN_CALLBACK_URL switch to the real Smooven; --http serves MCP
/// over HTTP instead of stdio.
/// </summary>
public sealed record ServerSettings
{
    public const string WebhookPath = "/webhooks/smooven";

    public const string McpPath = "/mcp";

    /// <summary>Your Smooven secret key; null runs against the emulator.</summary>
    public string? SecretKey { get; init; }

    /// <summary>The public URL Smooven posts callbacks to (a tunnel to <see cref="ListenUrl"/>).</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>The Smooven API address; the SDK's default when null.</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>Serve MCP over HTTP (with the webhook endpoint beside it) instead of stdio.</summary>
    public bool Http { get; init; }

    /// <summary>
    /// Where this process listens: for --http, MCP and the webhook endpoint; over stdio with the real
    /// service, the webhook endpoint. Null over stdio with the emulator: a free port on 127.0.0.1.
    /// </summary>
    public Uri? ListenUrl { get; init; }

    public bool UsesEmulator => SecretKey is null;

    public static ServerSettings From(string[] args)
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

        var http = args.Contains("--http", StringComparer.Ordinal);
        var secretKey = Read("SMOOVEN_SECRET_KEY");
        var listen = Read("SMOOVEN_LISTEN_URL") is { } url ? new Uri(url)
            : http ? new Uri("http://127.0.0.1:5088")
            : secretKey is not null ? new Uri("http://127.0.0.1:5000")
            : null;
        return new ServerSettings
        {
            SecretKey = secretKey,
            CallbackUrl = Read("SMOOVEN_CALLBACK_URL") is { } callback ? new Uri(callback) : null,
            BaseAddress = Read("SMOOVEN_BASE_ADDRESS") is { } baseAddress ? new Uri(baseAddress) : null,
            Http = http,
            ListenUrl = listen,
        };
    }

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem() => (SecretKey, CallbackUrl) switch
    {
        (null, not null) => "SMOOVEN_CALLBACK_URL is set but SMOOVEN_SECRET_KEY is not. Set both to use the real Smooven, or neither to use the emulator.",
        (not null, null) => "SMOOVEN_SECRET_KEY is set but SMOOVEN_CALLBACK_URL is not: Smooven needs a public URL to report back to " +
            $"(for example a tunnel to {ListenUrl}{WebhookPath}). Set both, or neither to use the emulator.",
        _ => null,
    };
}
