using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Measuring;

namespace Smooven.Client.LoadTests.Runs.Notify;

/// <summary>
/// Run 1: <see cref="SmoovenClient.NotifyAsync"/> (A) against raw HttpClient with source-generated
/// JSON (B), the same endpoint, the same number of concurrent callers.
/// </summary>
internal static class NotifyRun
{
    private const string SecretKey = "sk_test_load_notify_0123456789";

    public static async Task<AbResult> RunAsync(LoadOptions options)
    {
        var endpoint = new FakeNotifyEndpoint();
        await using var host = await LoopbackHost.StartAsync(_ => { }, app => endpoint.Map(app));
        using var sdkHttp = LoopbackHttp.Create();
        using var rawHttp = LoopbackHttp.Create();
        using var client = new SmoovenClient(sdkHttp, new SmoovenClientOptions { SecretKey = SecretKey, BaseAddress = host.Address });
        var raw = new RawNotifySender(rawHttp, host.Address, SecretKey);

        var callbackUrl = new Uri("https://agent.example/webhooks/smooven");
        var request = new NotifyRequest
        {
            Intent = "Remind Sarah about her appointment",
            Urgency = Urgency.High,
            Context = new NotifyContext { UserId = "sarah@example.com" },
            CallbackUrl = callbackUrl,
        };
        var rawBody = new RawNotifyBody
        {
            Intent = request.Intent,
            Urgency = "high",
            Context = new RawContext { UserId = "sarah@example.com" },
            CallbackUrl = callbackUrl.AbsoluteUri,
        };

        await RequireSameBodyAsync(endpoint, () => client.NotifyAsync(request), () => raw.SendAsync(rawBody));

        Task<LoadSample> Sdk(TimeSpan duration) =>
            ClosedLoop.RunAsync(options.Callers, duration, options.MaxRequests, _ => client.NotifyAsync(request));
        Task<LoadSample> Raw(TimeSpan duration) =>
            ClosedLoop.RunAsync(options.Callers, duration, options.MaxRequests, _ => raw.SendAsync(rawBody));

        return await AbComparison.RunAsync(
            "notify",
            options.Rounds,
            () => Sdk(options.Warmup),
            () => Raw(options.Warmup),
            () => Sdk(options.Duration),
            () => Raw(options.Duration));
    }

    // The comparison only means something when both sides put the same JSON on the wire.
    private static async Task RequireSameBodyAsync(FakeNotifyEndpoint endpoint, Func<Task> sdk, Func<Task> raw)
    {
        endpoint.CaptureNext();
        await sdk();
        var sdkBody = endpoint.LastBody;
        endpoint.CaptureNext();
        await raw();
        var rawBody = endpoint.LastBody;
        if (sdkBody is null || sdkBody != rawBody)
        {
            throw new InvalidOperationException($"The SDK and the raw sender send different bodies:\n  sdk: {sdkBody}\n  raw: {rawBody}");
        }
    }
}
