using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Smooven.Client.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A real Kestrel on 127.0.0.1 with an ephemeral port, the webhook mapped, a fake clock at the
/// vector's signing time, captured logs and a recording handler.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private WebhookHost(WebApplication app, ReloadableSettings settings, FakeTimeProvider clock, Uri address)
    {
        App = app;
        Settings = settings;
        Clock = clock;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public ReloadableSettings Settings { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public string SecretKey { get; private set; } = SignatureVectors.SecretKey;

    public CallbackRecorder Recorder => App.Services.GetRequiredService<CallbackRecorder>();

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<WebhookHost> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        Dictionary<string, string?>? settings = null,
        string pattern = "/webhooks/smooven",
        bool withRecordingHandler = true,
        Action<WebApplication>? configureApp = null)
    {
        var builder = LoopbackKestrel.CreateBuilder();
        builder.Logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug);

        var source = new ReloadableSettings(settings ?? new() { ["Smooven:SecretKey"] = SignatureVectors.SecretKey });
        ((IConfigurationBuilder)builder.Configuration).Add(source);

        var clock = new FakeTimeProvider(SignatureVectors.SignedAt);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSmoovenClient(builder.Configuration.GetSection("Smooven"));
        builder.Services.AddSingleton<CallbackRecorder>();
        builder.Services.AddScoped<RequestScopeMarker>();
        if (withRecordingHandler)
        {
            builder.Services.AddSmoovenCallbackHandler<RecordingHandler>();
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        configureApp?.Invoke(app);
        app.MapSmoovenWebhook(pattern);
        return new WebhookHost(app, source, clock, await app.StartOnLoopbackAsync());
    }

    public string Sign(byte[] body) => CallbackSigner.CreateHeader(SecretKey, body, Clock.GetUtcNow());

    public Task<HttpResponseMessage> PostAsync(string body, string? signature, string path = "/webhooks/smooven") =>
        PostAsync(Encoding.UTF8.GetBytes(body), signature, path);

    public Task<HttpResponseMessage> PostAsync(byte[] body, string? signature, string path = "/webhooks/smooven", CancellationToken cancellationToken = default) =>
        SendAsync(new ByteArrayContent(body), signature, path, cancellationToken);

    /// <summary>Posts a signed body and returns the status code.</summary>
    public async Task<HttpStatusCode> DeliverAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var response = await PostAsync(bytes, Sign(bytes));
        return response.StatusCode;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpContent content, string? signature, string path = "/webhooks/smooven", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        content.Headers.ContentType = new("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, signature);
        }

        return await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>A status callback body for tests that need many distinct ones.</summary>
    public static string Callback(string notificationId, string @event = "notification.delivered", string extra = "") =>
        $$"""{"event":"{{@event}}","notification_id":"{{notificationId}}","channel_used":"sms","timestamp":"2026-03-05T08:00:15Z"{{extra}}}""";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAndDisposeAsync();
    }
}
