using System.Globalization;
using Microsoft.Extensions.Options;

namespace Smooven.Client.Tracking.Internal;

/// <summary>The rules of <see cref="DeliveryTrackerOptions"/>, for <c>ValidateOnStart</c> and for options given to the constructor.</summary>
internal sealed class DeliveryTrackerOptionsValidator : IValidateOptions<DeliveryTrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <exception cref="ArgumentOutOfRangeException">An option breaks a rule; the message says which and how to fix it.</exception>
    public static void ThrowIfInvalid(DeliveryTrackerOptions options)
    {
        var failures = Failures(options);
        if (failures.Count != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), string.Join(" ", failures));
        }
    }

    private static List<string> Failures(DeliveryTrackerOptions options)
    {
        var failures = new List<string>();
        if (options.HistoryCapacity < 1)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"DeliveryTrackerOptions.HistoryCapacity must be at least 1, but is {options.HistoryCapacity}: a wait that starts after its callbacks needs them kept. Leave it at the default ({DeliveryTrackerOptions.DefaultHistoryCapacity}) or raise it."));
        }

        if (options.HistoryLifetime <= TimeSpan.Zero)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"DeliveryTrackerOptions.HistoryLifetime must be positive, but is {options.HistoryLifetime}: callbacks kept for no time are lost to a wait that starts after them. Leave it at the default ({DeliveryTrackerOptions.DefaultHistoryLifetime}) or set a few minutes at least."));
        }

        return failures;
    }
}
