using Microsoft.Extensions.Options;
using Smooven.Client.AspNetCore;

namespace Smooven.Client.AspNetCore.DependencyInjection;

/// <summary>The rules <see cref="SmoovenWebhookOptions"/> must meet, checked at start-up and when the endpoint is mapped.</summary>
internal sealed class SmoovenWebhookOptionsValidation : IValidateOptions<SmoovenWebhookOptions>
{
    public static IEnumerable<string> FindProblems(SmoovenWebhookOptions options)
    {
        if (options.MaxBodySize <= 0)
        {
            yield return $"SmoovenWebhookOptions.MaxBodySize must be positive; it is {options.MaxBodySize}. The default is {SmoovenWebhookOptions.DefaultMaxBodySize} bytes.";
        }

        if (options.DuplicateWindow < TimeSpan.Zero)
        {
            yield return $"SmoovenWebhookOptions.DuplicateWindow must not be negative; it is {options.DuplicateWindow}. The default is 10 minutes; zero turns duplicate detection off.";
        }

        if (options.MaxRememberedDeliveries <= 0)
        {
            yield return $"SmoovenWebhookOptions.MaxRememberedDeliveries must be positive; it is {options.MaxRememberedDeliveries}. The default is {SmoovenWebhookOptions.DefaultMaxRememberedDeliveries}.";
        }
    }

    public ValidateOptionsResult Validate(string? name, SmoovenWebhookOptions options)
    {
        var problems = FindProblems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
