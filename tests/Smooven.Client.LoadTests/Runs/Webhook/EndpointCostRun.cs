using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.TestSupport;

namespace Smooven.Client.LoadTests.Runs.Webhook;

/// <summary>
/// The three webhook endpoints' own cost, without sockets, HTTP parsing or callers: each
/// endpoint's request delegate is called in turn on one thread with a prepared request, as the
/// server would after routing. Bytes allocated per callback are exact; the time is the process's
/// CPU time, which other work on a shared machine still inflates. For a figure that noise does
/// not move, run it under <c>valgrind --tool=callgrind</c> twice with different counts and divide
/// the difference in instructions by the difference in counts (see docs/benchmarks.md).
/// </summary>
internal static class EndpointCostRun
{
    private const string SecretKey = "sk_test_load_endpoint_0123456789";

    public static async Task<int> RunAsync(int count, IReadOnlyCollection<string> only, int rounds)
    {
        var builder = LoopbackKestrel.CreateBuilder();
        SdkWebhookEndpoint.AddServices(builder.Services, SecretKey);
        await using var app = builder.Build();
        SdkWebhookEndpoint.Map(app);
        PeerWebhookEndpoint.Map(app, SecretKey);
        BareWebhookEndpoint.Map(app);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().ToList();
        RequestDelegate Find(string path) => endpoints.Single(e => e.RoutePattern.RawText == path).RequestDelegate!;
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();

        // The SDK as an app that only waits on the tracker uses it: no handler registered.
        var trackerOnlyBuilder = LoopbackKestrel.CreateBuilder();
        trackerOnlyBuilder.Services.AddSmoovenClient(options => options.SecretKey = SecretKey);
        await using var trackerOnly = trackerOnlyBuilder.Build();
        SdkWebhookEndpoint.Map(trackerOnly);
        var trackerOnlyHandle = ((IEndpointRouteBuilder)trackerOnly).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().Single().RequestDelegate!;
        (string Label, RequestDelegate Handle)[] contenders =
        [
            ("SDK", Find(SdkWebhookEndpoint.Path)),
            ("SDK-nohandler", trackerOnlyHandle),
            ("peer", Find(PeerWebhookEndpoint.Path)),
            ("bare", Find(BareWebhookEndpoint.Path)),
        ];

        // Round 0 warms up (JIT tiers, pools, the tracker's history filling) and is not shown.
        var batch = 0;
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var (label, handle) in contenders.Where(c => only.Count == 0 || only.Contains(c.Label, StringComparer.OrdinalIgnoreCase)))
            {
                // Distinct bodies, as in the load run: a repeated one would take the duplicate path.
                var callbacks = SignedCallbacks.Create(SecretKey, $"cost_{++batch}", count);
                GC.Collect();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var pausedBefore = GC.GetTotalPauseDuration();
                var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var (body, signature) in callbacks)
                {
                    var status = await PostAsync(handle, scopes, body, signature);
                    if (status != StatusCodes.Status200OK)
                    {
                        Console.Error.WriteLine($"{label} answered {status}, not 200.");
                        return 1;
                    }
                }

                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                var paused = GC.GetTotalPauseDuration() - pausedBefore;
                var collections = (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3);
                if (round == 0)
                {
                    continue;
                }

                Console.WriteLine($"round {round}: {label,-13} {cpu.TotalNanoseconds / count,8:N0} ns CPU, {(double)allocated / count,7:N0} B per callback ({count:N0} callbacks), GC paused {paused.TotalNanoseconds / count,6:N0} ns per callback, collections {collections.Item1}/{collections.Item2}/{collections.Item3}");
            }
        }

        return 0;
    }

    // What Kestrel and the hosting layer hand the endpoint: the body, its length, the signature,
    // and request services in a scope that is made only if the endpoint asks for it.
    private static async Task<int> PostAsync(RequestDelegate handle, IServiceScopeFactory scopes, byte[] body, string signature)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.Headers[CallbackVerifier.SignatureHeaderName] = signature;
        await using var services = new RequestServicesFeature(context, scopes);
        context.Features.Set<IServiceProvidersFeature>(services);
        await handle(context);
        return context.Response.StatusCode;
    }
}
