using System.Globalization;
using System.Net;
using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>
/// Run 2: signed 1 KiB callbacks posted to <c>MapSmoovenWebhook</c> (verify, parse, dedup,
/// dispatch) against the endpoint a user would write by hand (the peer) and against one that only
/// reads the body (bare), from the same callers, in interleaved rounds of all three.
/// </summary>
internal static class WebhookRun
{
    private const string SecretKey = "sk_test_load_webhook_0123456789";

    public static async Task<IReadOnlyList<RunReport>> RunAsync(LoadOptions options)
    {
        var rows = await MeasureAsync(options, options.Callers, options.Duration, options.Warmup, options.Rounds);
        var vsPeer = new AbResult("webhook-peer", rows.Select(r => (r[0], r[1])).ToList());
        var vsBare = new AbResult("webhook", rows.Select(r => (r[0], r[2])).ToList());
        return
        [
            RunReport.FromAb("webhook-peer", options, vsPeer, "MapSmoovenWebhook", "hand-written peer (Stripe-style check, JsonSerializer, ConcurrentDictionary of TCS)", "MapSmoovenWebhook / hand-written peer", "callback", 1.0),
            RunReport.FromAb("webhook", options, vsBare, "MapSmoovenWebhook", "bare endpoint (read body, 200)", "MapSmoovenWebhook / bare endpoint", "callback", 0.75),
        ];
    }

    /// <summary>Interleaved rounds of the SDK's, the peer's and the bare endpoint, in that order in each row.</summary>
    public static async Task<IReadOnlyList<LoadSample[]>> MeasureAsync(LoadOptions options, int callers, TimeSpan duration, TimeSpan warmup, int rounds)
    {
        await using var host = await LoopbackHost.StartAsync(
            services => SdkWebhookEndpoint.AddServices(services, SecretKey),
            app =>
            {
                SdkWebhookEndpoint.Map(app);
                PeerWebhookEndpoint.Map(app, SecretKey);
                BareWebhookEndpoint.Map(app);
            });
        using var sdkHttp = LoopbackHttp.Create();
        using var peerHttp = LoopbackHttp.Create();
        using var bareHttp = LoopbackHttp.Create();
        var sdkUri = new Uri(host.Address, SdkWebhookEndpoint.Path.TrimStart('/'));
        var peerUri = new Uri(host.Address, PeerWebhookEndpoint.Path.TrimStart('/'));
        var bareUri = new Uri(host.Address, BareWebhookEndpoint.Path.TrimStart('/'));
        await RequireSignatureCheckAsync(sdkHttp, sdkUri);
        await RequireSignatureCheckAsync(peerHttp, peerUri);

        // Every phase gets its own batch of distinct bodies: no body is ever posted twice. The pool
        // is sized for the phase (about 60,000 callbacks a second at most on this scale of machine).
        var poolSize = (int)Math.Min(options.MaxRequests, Math.Clamp(duration.TotalSeconds * 60_000, 20_000, 200_000));
        var phase = 0;
        async Task<LoadSample> PhaseAsync(HttpClient http, Uri uri, TimeSpan length)
        {
            var batch = Interlocked.Increment(ref phase).ToString("D3", CultureInfo.InvariantCulture);
            var callbacks = SignedCallbacks.Create(SecretKey, $"{callers}_{batch}", poolSize);
            GC.Collect();
            var sample = await ClosedLoop.RunAsync(callers, length, callbacks.Length, sequence => PostAsync(http, uri, callbacks[sequence - 1]));
            if (sample.Count + sample.Errors >= callbacks.Length)
            {
                Console.WriteLine($"  (phase {batch} used all {callbacks.Length} bodies before its time was up: the count bound ended it)");
            }

            return sample;
        }

        return await InterleavedRounds.RunAsync(
            $"webhook, {callers} callers",
            rounds,
            [
                ("SDK", () => PhaseAsync(sdkHttp, sdkUri, warmup), () => PhaseAsync(sdkHttp, sdkUri, duration)),
                ("peer", () => PhaseAsync(peerHttp, peerUri, warmup), () => PhaseAsync(peerHttp, peerUri, duration)),
                ("bare", () => PhaseAsync(bareHttp, bareUri, warmup), () => PhaseAsync(bareHttp, bareUri, duration)),
            ]);
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

    // An endpoint that let a forged callback through would be fast for the wrong reason.
    private static async Task RequireSignatureCheckAsync(HttpClient http, Uri uri)
    {
        var (body, signature) = SignedCallbacks.Create(SecretKey, "probe", 1)[0];
        using var forged = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        forged.Headers.TryAddWithoutValidation(CallbackVerifier.SignatureHeaderName, signature.Replace("v1=", "v1=0", StringComparison.Ordinal)[..^1]);
        using var refused = await http.SendAsync(forged);
        if (refused.StatusCode != HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"{uri} answered {(int)refused.StatusCode} to a forged signature, not 401.");
        }

        await PostAsync(http, uri, (body, signature));
    }
}
