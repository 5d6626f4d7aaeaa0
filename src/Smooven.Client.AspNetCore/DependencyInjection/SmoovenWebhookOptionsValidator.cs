using Microsoft.Extensions.Options;

namespace Smooven.Client.AspNetCore.DependencyInjection;

/// <summary>
/// The rules <see cref="SmoovenWebhookOptions"/> must meet, each broken rule a message that names
/// the option and says how to fix it. DI runs it when the host starts; <c>MapSmoovenWebhook</c>
/// runs it too, since options set with <c>Configure</c> alone are not registered for start-up checks.
/// </summary>
internal sealed class SmoovenWebhookOptionsValidator : IValidateOptions<SmoovenWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, SmoovenWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = FindProblems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>
    /// Whether a signed delivery can be replayed after the duplicate window forgot it while its
    /// signature is still within the tolerance, and so reach the handlers twice. Not a problem
    /// that stops the start: a shorter window may be deliberate, and zero turns detection off.
    /// </summary>
    /// <remarks>
    /// Why a window of at least the tolerance is enough: every copy whose signature checks out
    /// restarts its delivery's window as it arrives, and that signature, made no later than it
    /// arrived, is accepted for at most the tolerance after it was made, so it expires before the
    /// window it restarted ends. Only a signer's clock ahead of ours shortens that margin, by as much
    /// as it is ahead (the default window of twice the default tolerance covers any lead the
    /// tolerance accepts); a delivery forgotten for <see cref="SmoovenWebhookOptions.MaxRememberedDeliveries"/>
    /// is handled again, as documented there.
    /// </remarks>
    public static bool LeavesReplayGap(SmoovenWebhookOptions options, TimeSpan signatureTolerance) =>
        options.DuplicateWindow > TimeSpan.Zero && options.DuplicateWindow < signatureTolerance;

    private static List<string> FindProblems(SmoovenWebhookOptions options)
    {
        var problems = new List<string>();
        if (options.MaxBodySize <= 0)
        {
            problems.Add($"SmoovenWebhookOptions.MaxBodySize must be positive; it is {options.MaxBodySize}. The default is {SmoovenWebhookOptions.DefaultMaxBodySize} bytes.");
        }

        if (options.DuplicateWindow < TimeSpan.Zero)
        {
            problems.Add($"SmoovenWebhookOptions.DuplicateWindow must not be negative; it is {options.DuplicateWindow}. The default is 10 minutes; zero turns duplicate detection off.");
        }

        if (options.MaxRememberedDeliveries <= 0)
        {
            problems.Add($"SmoovenWebhookOptions.MaxRememberedDeliveries must be positive; it is {options.MaxRememberedDeliveries}. The default is {SmoovenWebhookOptions.DefaultMaxRememberedDeliveries}.");
        }

        return problems;
    }
}
