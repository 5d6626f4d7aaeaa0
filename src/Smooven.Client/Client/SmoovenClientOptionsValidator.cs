namespace Smooven.Client;

/// <summary>
/// The rules <see cref="SmoovenClientOptions"/> must meet, stated once for both the
/// constructor path and the start-up validation of the DI path.
/// </summary>
internal static class SmoovenClientOptionsValidator
{
    public static IEnumerable<string> FindProblems(SmoovenClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            yield return "SmoovenClientOptions.SecretKey is required. Set it to your Smooven secret key " +
                "(configuration key 'Smooven:SecretKey', environment variable 'Smooven__SecretKey').";
        }

        if (options.BaseAddress is null || !UriRules.IsAbsoluteHttp(options.BaseAddress))
        {
            yield return $"SmoovenClientOptions.BaseAddress must be an absolute http(s) URL such as {SmoovenClientOptions.DefaultBaseAddress}; it is '{options.BaseAddress}'.";
        }

        if (options.DefaultCallbackUrl is { } callbackUrl && !UriRules.IsAbsoluteHttp(callbackUrl))
        {
            yield return $"SmoovenClientOptions.DefaultCallbackUrl must be an absolute http(s) URL such as https://your-server.example/webhooks/smooven; it is '{callbackUrl}'.";
        }

        if (options.AdditionalSecretKeys.Any(string.IsNullOrWhiteSpace))
        {
            yield return "SmoovenClientOptions.AdditionalSecretKeys must not contain empty keys. Remove the empty entry.";
        }

        if (options.SignatureTolerance <= TimeSpan.Zero)
        {
            yield return $"SmoovenClientOptions.SignatureTolerance must be positive; it is {options.SignatureTolerance}. The default is 5 minutes.";
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            yield return $"SmoovenClientOptions.MaxRetries must be between 0 and 10; it is {options.MaxRetries}.";
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            yield return $"SmoovenClientOptions.RetryBaseDelay must not be negative; it is {options.RetryBaseDelay}.";
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"SmoovenClientOptions.MaxRetryAfter must not be negative; it is {options.MaxRetryAfter}.";
        }
    }

    public static void ThrowIfInvalid(SmoovenClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = FindProblems(options).FirstOrDefault();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }
}
