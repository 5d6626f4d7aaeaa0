using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Smooven.Client.TestSupport;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.EndToEnd;

// Smooven accepts, and its answer is lost on the way back: the client's retry must get the same
// notification, not a second one. A proxy on loopback in front of the emulator loses the first answer.
public class LostAnswerEndToEndTests
{
    [Fact]
    public async Task An_answer_cut_off_after_smooven_accepted_is_retried_and_replayed_so_only_one_notification_exists()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        await using var proxy = await LossyProxy.StartAsync(emulator.BaseAddress, loseFirstAnswers: 1);
        using var client = new SmoovenClient(new SmoovenClientOptions
        {
            SecretKey = emulator.SecretKey,
            BaseAddress = proxy.BaseAddress,
            RetryBaseDelay = TimeSpan.Zero,
        });

        var response = await client.NotifyAsync(Emulated.Reminder(callbackUrl: null)).WaitAsync(Emulated.Patience);

        var notification = Assert.Single(emulator.Notifications);
        Assert.Equal(notification.NotificationId, response.NotificationId);
        Assert.Equal([false, true], emulator.Requests.Select(r => r.IsReplay));
        Assert.Single(emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
    }

    // Forwards notify requests to the emulator, and cuts the first answers off halfway through their body.
    private sealed class LossyProxy : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _forward = new();

        private LossyProxy(WebApplication app) => _app = app;

        public Uri BaseAddress { get; private set; } = null!;

        public static async Task<LossyProxy> StartAsync(Uri emulator, int loseFirstAnswers)
        {
            var app = LoopbackKestrel.CreateBuilder().Build();
            var proxy = new LossyProxy(app);
            var answered = 0;
            app.MapPost("/v1/agent/notify", async context =>
            {
                var answer = await proxy.ForwardAsync(context.Request, new Uri(emulator, "v1/agent/notify"));
                context.Response.StatusCode = (int)answer.StatusCode;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = answer.Body.Length;
                if (Interlocked.Increment(ref answered) <= loseFirstAnswers)
                {
                    await context.Response.Body.WriteAsync(answer.Body.AsMemory(0, answer.Body.Length / 2));
                    // Fewer bytes than Content-Length: Kestrel ends the connection once the bytes written are out,
                    // so the client has the 202's headers and loses the answer while reading its body.
                    await context.Response.Body.FlushAsync();
                    return;
                }

                await context.Response.Body.WriteAsync(answer.Body);
            });
            proxy.BaseAddress = await app.StartOnLoopbackAsync();
            return proxy;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAndDisposeAsync();
            _forward.Dispose();
        }

        private async Task<(System.Net.HttpStatusCode StatusCode, byte[] Body)> ForwardAsync(HttpRequest incoming, Uri target)
        {
            using var body = new MemoryStream();
            await incoming.Body.CopyToAsync(body);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body.ToArray()) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TryAddWithoutValidation("Authorization", incoming.Headers.Authorization.ToString());
            request.Headers.TryAddWithoutValidation("Idempotency-Key", incoming.Headers["Idempotency-Key"].ToString());
            using var answer = await _forward.SendAsync(request);
            return (answer.StatusCode, await answer.Content.ReadAsByteArrayAsync());
        }
    }
}
