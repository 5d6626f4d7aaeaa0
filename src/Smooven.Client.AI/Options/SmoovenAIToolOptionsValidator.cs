using Microsoft.Extensions.Options;

namespace Smooven.Client.AI;

/// <summary>Checks <see cref="SmoovenAIToolOptions"/> once, at construction or at DI start.</summary>
internal sealed class SmoovenAIToolOptionsValidator : IValidateOptions<SmoovenAIToolOptions>
{
    public ValidateOptionsResult Validate(string? name, SmoovenAIToolOptions options)
    {
        var problem = FindProblem(options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    public static void ThrowIfInvalid(SmoovenAIToolOptions options)
    {
        var problem = FindProblem(options);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    private static string? FindProblem(SmoovenAIToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxWait <= TimeSpan.Zero)
        {
            return $"SmoovenAIToolOptions.MaxWait must be positive, such as 2 minutes; it is {options.MaxWait}.";
        }

        if (options.PerRecipientLimit < 1)
        {
            return $"SmoovenAIToolOptions.PerRecipientLimit must be at least 1; it is {options.PerRecipientLimit}.";
        }

        if (options.PerRecipientWindow < TimeSpan.FromSeconds(1))
        {
            return $"SmoovenAIToolOptions.PerRecipientWindow must be at least 1 second, such as 1 hour; it is {options.PerRecipientWindow}.";
        }

        if (options.DuplicateIntentWindow < TimeSpan.Zero)
        {
            return $"SmoovenAIToolOptions.DuplicateIntentWindow must not be negative (TimeSpan.Zero turns it off); it is {options.DuplicateIntentWindow}.";
        }

        if (options.CallbackUrl is { } url && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            return $"SmoovenAIToolOptions.CallbackUrl must be an absolute http or https URL such as https://your-server.example/webhooks/smooven; it is '{url}'.";
        }

        return null;
    }
}
