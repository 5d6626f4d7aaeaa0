using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>The reference: an endpoint that reads the body and answers 200, checking nothing.</summary>
internal static class BareWebhookEndpoint
{
    public const string Path = "/webhooks/bare";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, async context =>
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    });
}
