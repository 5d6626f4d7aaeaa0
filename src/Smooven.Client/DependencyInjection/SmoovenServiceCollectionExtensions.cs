using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smooven.Client;
using Smooven.Client.Diagnostics;
using Smooven.Client.Http;
using Smooven.Client.Tracking.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Smooven client, its delivery tracker and its callback verifier.</summary>
public static class SmoovenServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SmoovenClient"/> as a typed HTTP client, with one shared
    /// <see cref="DeliveryTracker"/> and one <see cref="CallbackVerifier"/> for the webhook endpoint.
    /// Options are checked when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder, to configure the handler. Do not add a retry handler:
    /// the client retries on its own.</returns>
    public static IHttpClientBuilder AddSmoovenClient(this IServiceCollection services, Action<SmoovenClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SmoovenClientOptions>().Configure(configure);
        return AddSmoovenClientCore(services);
    }

    /// <summary>
    /// Registers <see cref="SmoovenClient"/> with options bound from a configuration section,
    /// usually <c>configuration.GetSection("Smooven")</c>; a changed key is picked up by the
    /// callback verifier without a restart.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configurationSection">The section holding <c>SecretKey</c>, <c>BaseAddress</c> and so on.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddSmoovenClient(this IServiceCollection services, IConfiguration configurationSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configurationSection);
        services.AddOptions<SmoovenClientOptions>().Bind(configurationSection);
        return AddSmoovenClientCore(services);
    }

    private static IHttpClientBuilder AddSmoovenClientCore(IServiceCollection services)
    {
        services.AddOptions<SmoovenClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmoovenClientOptions>, SmoovenClientOptionsValidator>());
        services.AddOptions<DeliveryTrackerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryTrackerOptions>, DeliveryTrackerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SmoovenMetrics.Create(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new DeliveryTracker(
            sp.GetRequiredService<IOptions<DeliveryTrackerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<SmoovenMetrics>()));
        services.TryAddSingleton(sp => new CallbackVerifier(
            sp.GetRequiredService<IOptionsMonitor<SmoovenClientOptions>>(),
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton(sp => new NotifyRetryPipelineCache(
            sp.GetRequiredService<IOptionsMonitor<SmoovenClientOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SmoovenMetrics>(),
            sp.GetService<ILoggerFactory>()));

        var builder = services.AddHttpClient(nameof(SmoovenClient));

        // Microsoft.Extensions.Http before 9.0 logs header values at Trace, the Authorization header, and so
        // the secret key, included; 9.0 and later redact them all by default, as this does on every version.
        builder.RedactLoggedHeaders(static _ => true);
        builder.AddTypedClient((httpClient, sp) =>
        {
            var pipelines = sp.GetRequiredService<NotifyRetryPipelineCache>();
            var options = pipelines.Options;
            return new SmoovenClient(
                httpClient,
                options,
                sp.GetRequiredService<DeliveryTracker>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>(),
                sp.GetRequiredService<SmoovenMetrics>(),
                pipelines.Get(options));
        });
        return builder;
    }
}
