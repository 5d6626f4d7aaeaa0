using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>The subject: the SDK's webhook endpoint, registered as a user would, with one handler to dispatch to.</summary>
internal static class SdkWebhookEndpoint
{
    public const string Path = "/webhooks/smooven";

    public static void AddServices(IServiceCollection services, string secretKey)
    {
        services.AddSmoovenClient(options => options.SecretKey = secretKey);
        services.AddSmoovenCallbackHandler<NoOpCallbackHandler>();
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapSmoovenWebhook(Path);

    /// <summary>Dispatch is part of what is measured; the handler itself does nothing.</summary>
    private sealed class NoOpCallbackHandler : ISmoovenCallbackHandler
    {
        public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
