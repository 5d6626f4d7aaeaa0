using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Smooven.Client.AspNetCore;
using Smooven.Client.Redis;
using Smooven.Client.Redis.Backplane;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.DependencyInjection;
using Smooven.Client.Redis.Diagnostics;
using Smooven.Client.Redis.Reading;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis backplane that lets several instances of an app share Smooven callbacks.</summary>
public static class SmoovenRedisServiceCollectionExtensions
{
    /// <summary>
    /// Shares every verified callback that reaches <c>MapSmoovenWebhook</c> on any instance with
    /// every other instance, through a Redis Stream: a wait on one instance ends whichever instance
    /// Smooven called, and handlers run once across the instances. Call it next to <c>AddSmoovenClient</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Sets the other options; optional.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmoovenRedisBackplane(this IServiceCollection services, string configuration, Action<SmoovenRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddSmoovenRedisBackplane(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Shares every verified callback between the instances of an app through Redis. With neither
    /// <see cref="SmoovenRedisOptions.Configuration"/> nor <see cref="SmoovenRedisOptions.ConnectionMultiplexerFactory"/>
    /// set, the <c>IConnectionMultiplexer</c> registered in DI is used. Options are checked when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmoovenRedisBackplane(this IServiceCollection services, Action<SmoovenRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SmoovenRedisOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmoovenRedisOptions>, SmoovenRedisOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisMetrics>();
        services.TryAddSingleton<BackplaneKeys>();
        services.TryAddSingleton<StreamCursor>();
        services.TryAddSingleton<OwnAppendsInDoubt>();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<ISmoovenWebhookBackplane, RedisWebhookBackplane>();
        services.AddHostedService<CallbackStreamReader>();
        return services;
    }
}
