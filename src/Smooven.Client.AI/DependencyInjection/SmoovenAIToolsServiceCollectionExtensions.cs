using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Smooven.Client;
using Smooven.Client.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Smooven tools for agents.</summary>
public static class SmoovenAIToolsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="SmoovenAITools"/> over the <see cref="SmoovenClient"/> and
    /// <see cref="DeliveryTracker"/> of <c>AddSmoovenClient</c> (call that too), on the registered
    /// <see cref="TimeProvider"/> if any. Options are checked when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the guardrails; the defaults apply when null.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSmoovenAITools(this IServiceCollection services, Action<SmoovenAIToolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SmoovenAIToolOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmoovenAIToolOptions>, SmoovenAIToolOptionsValidator>());

        // The typed client is resolved per call, so IHttpClientFactory keeps rotating its handlers.
        services.TryAddSingleton(provider => new SmoovenAITools(
            () => provider.GetRequiredService<SmoovenClient>(),
            provider.GetRequiredService<DeliveryTracker>(),
            provider.GetRequiredService<IOptions<SmoovenAIToolOptions>>().Value,
            provider.GetService<TimeProvider>()));
        return services;
    }
}
