using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smooven.Client;
using Smooven.Client.AspNetCore;
using Smooven.Client.AspNetCore.DependencyInjection;
using Smooven.Client.AspNetCore.Diagnostics;
using Smooven.Client.AspNetCore.Webhook;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint that receives Smooven status callbacks.</summary>
public static class SmoovenWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The route <see cref="MapSmoovenWebhook"/> uses unless told otherwise.</summary>
    public const string DefaultPattern = "/webhooks/smooven";

    private static readonly string[] PostOnly = [HttpMethods.Post];

    /// <summary>
    /// Maps a POST endpoint for Smooven status callbacks. It reads the raw body up to
    /// <see cref="SmoovenWebhookOptions.MaxBodySize"/> (413 beyond), verifies the
    /// <c>X-Smooven-Signature</c> with the <see cref="CallbackVerifier"/> of <c>AddSmoovenClient</c>
    /// (401 when missing or invalid), parses the callback (400 when signed but not a callback),
    /// and hands each distinct delivery to the <see cref="DeliveryTracker"/> and to every
    /// <see cref="ISmoovenCallbackHandler"/> (200, also for duplicates and unknown events;
    /// 500 when a handler throws, so that Smooven retries). With an <see cref="ISmoovenWebhookBackplane"/>
    /// registered (such as the Redis one), each delivery is claimed and recorded there first; one it
    /// cannot record, or one another instance is handling at that moment (<see cref="SmoovenBackplaneClaim.Busy"/>),
    /// gets 503 with <c>Retry-After</c> and reaches no handler, and Smooven's retry brings it back.
    /// </summary>
    /// <param name="endpoints">The route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route; use its full URL as the notify request's <c>callback_url</c>.</param>
    /// <returns>The builder, for conventions such as <c>RequireHost</c> or rate limiting. Endpoint
    /// filters are not supported: the body must reach the verifier untouched.</returns>
    /// <exception cref="InvalidOperationException"><c>AddSmoovenClient</c> was not called, or the
    /// webhook options are invalid.</exception>
    public static RouteHandlerBuilder MapSmoovenWebhook(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);

        var services = endpoints.ServiceProvider;
        var verifier = services.GetService<CallbackVerifier>()
            ?? throw new InvalidOperationException(
                "MapSmoovenWebhook needs the Smooven client services. Call builder.Services.AddSmoovenClient(...) before building the app.");
        var options = services.GetRequiredService<IOptionsMonitor<SmoovenWebhookOptions>>();
        var validation = new SmoovenWebhookOptionsValidator().Validate(Options.DefaultName, options.CurrentValue);
        if (validation.Failed)
        {
            throw new InvalidOperationException(validation.FailureMessage);
        }

        var logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger(WebhookLog.Category)
            ?? NullLogger.Instance;
        // The tolerance of the verifier in use: a CallbackVerifier registered by the app replaces AddSmoovenClient's,
        // and with it SmoovenClientOptions.SignatureTolerance.
        var signatureTolerance = verifier.Tolerance;
        if (SmoovenWebhookOptionsValidator.LeavesReplayGap(options.CurrentValue, signatureTolerance))
        {
            WebhookLog.ReplayGap(logger, options.CurrentValue.DuplicateWindow, signatureTolerance);
        }

        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var dispatcher = new CallbackDispatcher(
            services.GetRequiredService<DeliveryTracker>(),
            new RecentDeliveries(timeProvider),
            services.GetService<ISmoovenWebhookBackplane>(),
            logger,
            HasHandlers(services));
        var metrics = WebhookMetrics.Create(services.GetService<IMeterFactory>());
        var endpoint = new WebhookEndpoint(verifier, dispatcher, options, logger, metrics, timeProvider);

        RequestDelegate handle = endpoint.HandleAsync;
        return RouteHandlerServices
            .Map(endpoints, pattern, handle, PostOnly, PopulateMetadata, CreateRequestDelegate)
            .WithDisplayName("Smooven webhook " + pattern);
    }

    // Registrations are fixed once the provider is built. A container that cannot say whether a
    // service is registered is asked on every callback, as before.
    private static bool HasHandlers(IServiceProvider services) =>
        services.GetService<IServiceProviderIsService>()?.IsService(typeof(ISmoovenCallbackHandler)) ?? true;

    // The handler is already a RequestDelegate: nothing is bound by reflection, so the endpoint
    // is trimming- and AOT-safe without the request delegate generator.
    private static RequestDelegateMetadataResult PopulateMetadata(MethodInfo method, RequestDelegateFactoryOptions? options) =>
        new() { EndpointMetadata = options?.EndpointBuilder?.Metadata.AsReadOnly() ?? (IReadOnlyList<object>)[] };

    private static RequestDelegateResult CreateRequestDelegate(Delegate handler, RequestDelegateFactoryOptions options, RequestDelegateMetadataResult? metadata)
    {
        if (options.EndpointBuilder?.FilterFactories.Count > 0)
        {
            throw new NotSupportedException(
                "MapSmoovenWebhook does not run endpoint filters: the raw body must reach the signature check untouched. Use middleware instead.");
        }

        IReadOnlyList<object> endpointMetadata = options.EndpointBuilder?.Metadata is { } list ? [.. list] : [];
        return new RequestDelegateResult((RequestDelegate)handler, endpointMetadata);
    }
}
