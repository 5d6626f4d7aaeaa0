using Microsoft.Extensions.Options;

namespace Smooven.Client;

/// <summary>Fails host start-up when the options are unusable, saying which setting to fix.</summary>
internal sealed class SmoovenClientOptionsValidation : IValidateOptions<SmoovenClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SmoovenClientOptions options)
    {
        var problems = SmoovenClientOptionsValidator.FindProblems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
