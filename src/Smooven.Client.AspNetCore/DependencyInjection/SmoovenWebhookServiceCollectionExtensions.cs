using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Smooven.Client.AspNetCore;
using Smooven.Client.AspNetCore.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the Smooven webhook endpoint and registers callback handlers.</summary>
public static class SmoovenWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Sets the options of <c>MapSmoovenWebhook</c>, checked when the host starts. Optional:
    /// the endpoint works with the defaults and needs nothing beyond <c>AddSmoovenClient</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmoovenWebhooks(this IServiceCollection services, Action<SmoovenWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SmoovenWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmoovenWebhookOptions>, SmoovenWebhookOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> as a scoped <see cref="ISmoovenCallbackHandler"/>:
    /// the webhook endpoint hands it every distinct verified callback. Registering the same
    /// type twice registers it once.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmoovenCallbackHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
        where THandler : class, ISmoovenCallbackHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ISmoovenCallbackHandler, THandler>());
        return services;
    }
}
