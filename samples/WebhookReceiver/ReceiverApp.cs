using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore;

namespace WebhookReceiver;

/// <summary>The whole receiver: the SDK's webhook endpoint plus one handler that logs the timeline.</summary>
public static class ReceiverApp
{
    public const string WebhookPath = "/webhooks/smooven";

    /// <summary>The full URL of the webhook endpoint, once the app has started.</summary>
    public static Uri WebhookUrl(WebApplication app) => new(new Uri(app.Urls.First()), WebhookPath);

    /// <param name="args">Command-line arguments, as for any ASP.NET Core app.</param>
    /// <param name="configure">Lets a test change the builder (port, key, logging) before the build.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json is read from beside the program, wherever `dotnet run` is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Smooven:SecretKey comes from appsettings.json, user secrets or the environment (Smooven__SecretKey).
        builder.Services.AddSmoovenClient(builder.Configuration.GetSection("Smooven"));
        builder.Services.AddSmoovenCallbackHandler<TimelineLogger>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapSmoovenWebhook(WebhookPath); // verifies the signature, drops retried duplicates, then calls the handler
        return app;
    }
}
