namespace Smooven.Client;

/// <summary>
/// What <see cref="SmoovenClientOptions.BaseAddress"/> must be, as one message that names the option and says how to
/// fix it: the first rule broken, since one mistake often breaks several.
/// </summary>
internal static class BaseAddressRules
{
    private const string Option = "SmoovenClientOptions.BaseAddress";

    public static string? FindProblem(Uri? baseAddress)
    {
        if (baseAddress is null || !UriRules.IsAbsoluteHttp(baseAddress))
        {
            return $"{Option} must be an absolute http(s) URL such as {SmoovenClientOptions.DefaultBaseAddress}; it is '{baseAddress}'.";
        }

        if (baseAddress.UserInfo.Length != 0)
        {
            // Shown in every error message and log line that names the URL, and never used: the key authenticates.
            return $"{Option} must not hold a user name or password (not shown here): they would appear in every error message and " +
                "log line that names the address, and Smooven authenticates with SecretKey. A gateway that needs " +
                "credentials of its own can have them added by a handler: AddSmoovenClient(...).AddHttpMessageHandler(...).";
        }

        if (baseAddress.Scheme == Uri.UriSchemeHttp && !baseAddress.IsLoopback)
        {
            // The secret key travels in the Authorization header of every request: over http, in the clear.
            return $"{Option} '{baseAddress}' uses http, which would send your secret key unencrypted. " +
                $"Use https, as the default {SmoovenClientOptions.DefaultBaseAddress} does; http is accepted only for a loopback address, such as the emulator's http://127.0.0.1:<port>/.";
        }

        if (NotifyPathPartIn(baseAddress) is { } part)
        {
            // The endpoint's own path, copied from the wire contract, would be added twice and answered 404. A path
            // ending in just '/v1' is left alone: a gateway's own prefix may end so (a 404 names the URL instead).
            return $"{Option} '{baseAddress}' ends in '{part}', but the client adds '/v1/agent/notify' itself. " +
                $"Set it to the address before '/v1', such as {SmoovenClientOptions.DefaultBaseAddress}.";
        }

        return null;
    }

    private static string? NotifyPathPartIn(Uri baseAddress)
    {
        var path = baseAddress.AbsolutePath.TrimEnd('/');
        foreach (var part in (ReadOnlySpan<string>)["/v1/agent", "/v1/agent/notify"])
        {
            if (path.EndsWith(part, StringComparison.OrdinalIgnoreCase))
            {
                return part;
            }
        }

        return null;
    }
}
