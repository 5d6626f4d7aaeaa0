using System.Globalization;
using Microsoft.Extensions.Options;

namespace Smooven.Client.Tracking.Internal;

// The rules of DeliveryTrackerOptions, for ValidateOnStart and for options given to the constructor.
internal sealed class DeliveryTrackerOptionsValidator : IValidateOptions<DeliveryTrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(DeliveryTrackerOptions options)
    {
        if (string.Join(" ", Failures(options)) is { Length: > 0 } failures)
        {
            throw new ArgumentOutOfRangeException(nameof(options), failures);
        }
    }

    private static IEnumerable<string> Failures(DeliveryTrackerOptions options)
    {
        if (options.HistoryCapacity < 1)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"DeliveryTrackerOptions.HistoryCapacity must be at least 1, "
                + $"but is {options.HistoryCapacity}: a wait that starts after its callbacks needs them kept. "
                + $"Leave it at the default ({DeliveryTrackerOptions.DefaultHistoryCapacity}) or raise it.");
        }

        if (options.HistoryLifetime <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"DeliveryTrackerOptions.HistoryLifetime must be positive, "
                + $"but is {options.HistoryLifetime}: callbacks kept for no time are lost to a wait that starts after them. "
                + $"Leave it at the default ({DeliveryTrackerOptions.DefaultHistoryLifetime}) or set a few minutes at least.");
        }
    }
}
