using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>
/// The subject: the SDK's webhook endpoint, registered as a user would. (Seam: filled in once
/// Smooven.Client.AspNetCore is on main; until then the webhook run says it cannot run.)
/// </summary>
internal static class SdkWebhookEndpoint
{
    public const string Path = "/webhooks/smooven";

    public static bool IsAvailable => false;

    public static void AddServices(IServiceCollection services, string secretKey)
    {
        _ = services;
        _ = secretKey;
    }

    public static void Map(IEndpointRouteBuilder endpoints) => _ = endpoints;
}
