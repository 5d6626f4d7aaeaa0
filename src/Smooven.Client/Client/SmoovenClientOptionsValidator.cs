using Microsoft.Extensions.Options;

namespace Smooven.Client;

/// <summary>
/// The rules <see cref="SmoovenClientOptions"/> must meet, each broken rule a message that names
/// the option and says how to fix it. DI runs it when the host starts; the constructors that
/// take options directly call <see cref="ThrowIfInvalid"/>.
/// </summary>
internal sealed class SmoovenClientOptionsValidator : IValidateOptions<SmoovenClientOptions>
{
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);

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

        if (BaseAddressRules.FindProblem(options.BaseAddress) is { } baseAddressProblem)
        {
            problems.Add(baseAddressProblem);
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

        // The retry pipeline takes no delay longer than a day, and would refuse it only when the first client is built.
        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > LongestDelay)
        {
            problems.Add($"SmoovenClientOptions.RetryBaseDelay must be between 0 and 1 day; it is {options.RetryBaseDelay}. The default is 1 second.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero || options.MaxRetryAfter > LongestDelay)
        {
            problems.Add($"SmoovenClientOptions.MaxRetryAfter must be between 0 and 1 day; it is {options.MaxRetryAfter}. The default is 60 seconds; " +
                "a longer Retry-After fails the call at once with SmoovenApiException.RetryAfter set.");
        }

        return problems;
    }
}
