using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Smooven.Client.Redis.DependencyInjection;

/// <summary>The rules <see cref="SmoovenRedisOptions"/> must meet, checked when the host starts.</summary>
internal sealed class SmoovenRedisOptionsValidator : IValidateOptions<SmoovenRedisOptions>
{
    private readonly IServiceProviderIsService _services;

    public SmoovenRedisOptionsValidator(IServiceProviderIsService services)
    {
        _services = services;
    }

    public ValidateOptionsResult Validate(string? name, SmoovenRedisOptions options)
    {
        var problems = FindProblems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private IEnumerable<string> FindProblems(SmoovenRedisOptions options)
    {
        if (options.Configuration is not null && string.IsNullOrWhiteSpace(options.Configuration))
        {
            yield return "SmoovenRedisOptions.Configuration must not be blank. Give a StackExchange.Redis configuration string such as \"localhost:6379\", or leave it null.";
        }

        if (options.Configuration is null && options.ConnectionMultiplexerFactory is null && !_services.IsService(typeof(IConnectionMultiplexer)))
        {
            yield return "The Redis backplane has no connection: set SmoovenRedisOptions.Configuration (\"localhost:6379\") or SmoovenRedisOptions.ConnectionMultiplexerFactory, or register an IConnectionMultiplexer in DI (for example with Aspire's AddRedisClient).";
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            yield return $"SmoovenRedisOptions.KeyPrefix must not be empty; it is \"{options.KeyPrefix}\". The default is \"{SmoovenRedisOptions.DefaultKeyPrefix}\".";
        }
        else if (options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            // The backplane tags its keys with the stream's name; a brace in the prefix would move
            // the tag, and on a Redis Cluster the claim script's keys would land in different slots.
            yield return $"SmoovenRedisOptions.KeyPrefix must not contain '{{' or '}}'; it is \"{options.KeyPrefix}\". The backplane adds its own hash tag so that its keys share one Redis Cluster slot.";
        }

        if (options.Retention <= TimeSpan.Zero)
        {
            yield return $"SmoovenRedisOptions.Retention must be positive; it is {options.Retention}. The default is 15 minutes; it must cover the longest wait and restart you expect.";
        }
    }
}
