using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Smooven.Client.LoadTests.Hosting;
using Smooven.Client.LoadTests.Runs.Webhook;

namespace Smooven.Client.LoadTests.Runs.HeldBodies;

/// <summary>
/// How much memory the webhook endpoint holds for connections that send headers and no body
/// (issue 12, defect 1): each one declares a Content-Length within the limit and a signature
/// header, then stays silent. Measured in-process as the managed heap after a full collection,
/// against the same heap before the connections opened. Loopback only; bounded by its count.
/// </summary>
internal static class HeldBodiesRun
{
    private const string SecretKey = "sk_test_load_held_0123456789";
    private const int Samples = 5;

    public static async Task<int> RunAsync(int connections, long contentLength, bool chunked)
    {
        var entered = 0;
        var allEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await LoopbackHost.StartAsync(
            services => SdkWebhookEndpoint.AddServices(services, SecretKey),
            app =>
            {
                app.Use(next => context =>
                {
                    if (Interlocked.Increment(ref entered) == connections + 1)
                    {
                        allEntered.TrySetResult();
                    }

                    return next(context);
                });
                SdkWebhookEndpoint.Map(app);
            });

        // One real callback first, so that nothing the first request initialises counts as held.
        using (var http = LoopbackHttp.Create())
        {
            var (body, signature) = SignedCallbacks.Create(SecretKey, "warm", 1)[0];
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, SdkWebhookEndpoint.Path.TrimStart('/'))) { Content = content };
            request.Headers.TryAddWithoutValidation("X-Smooven-Signature", signature);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Console.Error.WriteLine($"The warm-up callback was answered {(int)response.StatusCode}, not 200.");
                return 1;
            }
        }

        var before = Settled();
        var framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + contentLength.ToString(CultureInfo.InvariantCulture);
        var head = Encoding.ASCII.GetBytes(
            $"POST {SdkWebhookEndpoint.Path} HTTP/1.1\r\nHost: 127.0.0.1:{host.Address.Port}\r\nContent-Type: application/json\r\n" +
            $"{framing}\r\nX-Smooven-Signature: t=1772697615,v1={new string('0', 64)}\r\n\r\n");
        var sockets = new List<TcpClient>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                var tcp = new TcpClient();
                sockets.Add(tcp);
                await tcp.ConnectAsync(IPAddress.Loopback, host.Address.Port);
                await tcp.GetStream().WriteAsync(head);
            }

            await allEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Each request rents its buffer right after it enters; a few settled samples take the largest.
            var held = 0L;
            for (var i = 0; i < Samples; i++)
            {
                await Task.Yield();
                held = Math.Max(held, Settled() - before);
            }

            Console.WriteLine(
                $"{connections} connections, headers only ({framing}): the server holds {held / 1024.0 / 1024.0:0.00} MiB " +
                $"more than before ({held / connections / 1024.0:0.0} KiB a connection; target under 2 MiB together).");
            return held < 2 * 1024 * 1024 ? 0 : 1;
        }
        finally
        {
            foreach (var tcp in sockets)
            {
                tcp.Dispose();
            }
        }
    }

    private static long Settled() => GC.GetTotalMemory(forceFullCollection: true);
}
