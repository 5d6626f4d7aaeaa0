using System.Globalization;
using System.Net;
using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>
/// Run 2: signed 1 KiB callbacks posted to <c>MapSmoovenWebhook</c> (verify, parse, dedup,
/// dispatch) (A) against an endpoint that only reads the body (B), from the same callers.
/// </summary>
internal static class WebhookRun
{
    private const string SecretKey = "sk_test_load_webhook_0123456789";

    public static async Task<RunReport> RunAsync(LoadOptions options)
    {
        await using var host = await LoopbackHost.StartAsync(
            services => SdkWebhookEndpoint.AddServices(services, SecretKey),
            app =>
            {
                SdkWebhookEndpoint.Map(app);
                BareWebhookEndpoint.Map(app);
            });
        using var sdkHttp = LoopbackHttp.Create();
        using var bareHttp = LoopbackHttp.Create();
        var sdkUri = new Uri(host.Address, SdkWebhookEndpoint.Path.TrimStart('/'));
        var bareUri = new Uri(host.Address, BareWebhookEndpoint.Path.TrimStart('/'));
        await RequireSdkChecksSignaturesAsync(sdkHttp, sdkUri);

        // Every phase gets its own batch of distinct bodies: no body is ever posted twice.
        var poolSize = (int)Math.Min(options.MaxRequests, options.Quick ? 40_000 : 200_000);
        var phase = 0;
        async Task<LoadSample> PhaseAsync(HttpClient http, Uri uri, TimeSpan duration)
        {
            var batch = Interlocked.Increment(ref phase).ToString("D3", CultureInfo.InvariantCulture);
            var callbacks = SignedCallbacks.Create(SecretKey, batch, poolSize);
            GC.Collect();
            var sample = await ClosedLoop.RunAsync(options.Callers, duration, callbacks.Length, sequence => PostAsync(http, uri, callbacks[sequence - 1]));
            if (sample.Count + sample.Errors >= callbacks.Length)
            {
                Console.WriteLine($"  (phase {batch} used all {callbacks.Length} bodies before its time was up: the count bound ended it)");
            }

            return sample;
        }

        var result = await AbComparison.RunAsync(
            "webhook",
            options.Rounds,
            () => PhaseAsync(sdkHttp, sdkUri, options.Warmup),
            () => PhaseAsync(bareHttp, bareUri, options.Warmup),
            () => PhaseAsync(sdkHttp, sdkUri, options.Duration),
            () => PhaseAsync(bareHttp, bareUri, options.Duration));
        return RunReport.FromAb("webhook", options, result, "MapSmoovenWebhook", "bare endpoint (read body, 200)", "MapSmoovenWebhook / bare endpoint", "callback", 0.85);
    }

    internal static async Task PostAsync(HttpClient http, Uri uri, (byte[] Body, string Signature) callback)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(callback.Body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, callback.Signature);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"The endpoint answered {(int)response.StatusCode}, not 200.", null, response.StatusCode);
        }
    }

    // A subject that let a forged callback through would be fast for the wrong reason.
    private static async Task RequireSdkChecksSignaturesAsync(HttpClient http, Uri uri)
    {
        var (body, signature) = SignedCallbacks.Create(SecretKey, "probe", 1)[0];
        using var forged = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        forged.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, signature.Replace("v1=", "v1=0", StringComparison.Ordinal)[..^1]);
        using var refused = await http.SendAsync(forged);
        if (refused.StatusCode != HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"MapSmoovenWebhook answered {(int)refused.StatusCode} to a forged signature, not 401.");
        }

        await PostAsync(http, uri, (body, signature));
    }
}
