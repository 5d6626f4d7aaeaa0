using Microsoft.Extensions.Options;

namespace Smooven.Client;

/// <summary>Reports unusable tracker options when the host starts, not when the tracker is first resolved.</summary>
internal sealed class DeliveryTrackerOptionsValidation : IValidateOptions<DeliveryTrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryTrackerOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
