using Microsoft.Extensions.Options;

namespace Smooven.Client;

/// <summary>
/// The rules <see cref="SmoovenClientOptions"/> must meet, each broken rule a message that names
/// the option and says how to fix it. DI runs it when the host starts; the constructors that
/// take options directly call <see cref="ThrowIfInvalid"/>.
/// </summary>
internal sealed class SmoovenClientOptionsValidator : IValidateOptions<SmoovenClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SmoovenClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = FindProblems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <exception cref="ArgumentException">The options break a rule; the message says which and how to fix it.</exception>
    public static void ThrowIfInvalid(SmoovenClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = FindProblems(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }

    private static List<string> FindProblems(SmoovenClientOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            problems.Add("SmoovenClientOptions.SecretKey is required. Set it to your Smooven secret key " +
                "(configuration key 'Smooven:SecretKey', environment variable 'Smooven__SecretKey').");
        }
        else if (SecretKeyRules.FindProblem(options.SecretKey, asciiOnly: true) is { } keyProblem)
        {
            problems.Add($"SmoovenClientOptions.SecretKey {keyProblem}.");
        }

        for (var i = 0; i < options.AdditionalSecretKeys.Count; i++)
        {
            if (SecretKeyRules.FindProblem(options.AdditionalSecretKeys[i], asciiOnly: true) is { } additionalProblem)
            {
                problems.Add($"SmoovenClientOptions.AdditionalSecretKeys[{i}] {additionalProblem}. Fix or remove the entry.");
            }
        }

        if (options.BaseAddress is null || !UriRules.IsAbsoluteHttp(options.BaseAddress))
        {
            problems.Add($"SmoovenClientOptions.BaseAddress must be an absolute http(s) URL such as {SmoovenClientOptions.DefaultBaseAddress}; it is '{options.BaseAddress}'.");
        }
        else if (options.BaseAddress.Scheme == Uri.UriSchemeHttp && !options.BaseAddress.IsLoopback)
        {
            // The secret key travels in the Authorization header of every request: over http, in the clear.
            problems.Add($"SmoovenClientOptions.BaseAddress '{options.BaseAddress}' uses http, which would send your secret key unencrypted. " +
                $"Use https, as the default {SmoovenClientOptions.DefaultBaseAddress} does; http is accepted only for a loopback address, such as the emulator's http://127.0.0.1:<port>/.");
        }

        if (options.BaseAddress is { IsAbsoluteUri: true } baseAddress && NotifyPathPartIn(baseAddress) is { } part)
        {
            // The endpoint's own path, copied from the wire contract, would be added twice and answered 404. A path
            // ending in just '/v1' is left alone: a gateway's own prefix may end so (a 404 names the URL instead).
            problems.Add($"SmoovenClientOptions.BaseAddress '{baseAddress}' ends in '{part}', but the client adds '/v1/agent/notify' itself. " +
                $"Set it to the address before '/v1', such as {SmoovenClientOptions.DefaultBaseAddress}.");
        }

        if (options.DefaultCallbackUrl is { } callbackUrl && !UriRules.IsAbsoluteHttp(callbackUrl))
        {
            problems.Add($"SmoovenClientOptions.DefaultCallbackUrl must be an absolute http(s) URL such as https://your-server.example/webhooks/smooven; it is '{callbackUrl}'.");
        }

        if (options.SignatureTolerance <= TimeSpan.Zero)
        {
            problems.Add($"SmoovenClientOptions.SignatureTolerance must be positive; it is {options.SignatureTolerance}. The default is 5 minutes.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add($"SmoovenClientOptions.MaxRetries must be between 0 and 10; it is {options.MaxRetries}.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add($"SmoovenClientOptions.RetryBaseDelay must not be negative; it is {options.RetryBaseDelay}.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            problems.Add($"SmoovenClientOptions.MaxRetryAfter must not be negative; it is {options.MaxRetryAfter}.");
        }

        return problems;
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
