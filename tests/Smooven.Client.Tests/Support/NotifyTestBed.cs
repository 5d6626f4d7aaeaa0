using System.Collections.Concurrent;
using System.Net;
using RichardSzalay.MockHttp;

namespace Smooven.Client.Tests.Support;

/// <summary>A client wired to a mock Smooven and a fake clock, recording every request it sends.</summary>
internal sealed class NotifyTestBed : IDisposable
{
    public const string SecretKey = "sk_test_bed_0123456789";
    public const string NotifyUrl = "https://api.smooven.io/v1/agent/notify";
    public const string AcceptedBody = """{"notification_id":"ntf_abc123def456","status":"queued"}""";

    public NotifyTestBed(Action<SmoovenClientOptions>? configure = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        Options = new SmoovenClientOptions { SecretKey = SecretKey };
        configure?.Invoke(Options);
        Client = new SmoovenClient(Handler.ToHttpClient(), Options, null, Time, loggerFactory);
    }

    public MockHttpMessageHandler Handler { get; } = new();

    public SignallingTimeProvider Time { get; } = new();

    public SmoovenClientOptions Options { get; }

    public SmoovenClient Client { get; }

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    /// <summary>The bodies of <see cref="Requests"/>, read as they were sent (the client disposes them after).</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Answers the next notify attempts in order, recording each request.</summary>
    public void RespondInOrder(params Func<HttpRequestMessage, HttpResponseMessage>[] answers)
    {
        var next = 0;
        Handler.When(HttpMethod.Post, NotifyUrl).Respond(async request =>
        {
            Bodies.Enqueue(await request.Content!.ReadAsStringAsync());
            Requests.Enqueue(request);
            var index = Interlocked.Increment(ref next) - 1;
            return answers[Math.Min(index, answers.Length - 1)](request);
        });
    }

    public static HttpResponseMessage Accepted(HttpRequestMessage _) => Json(HttpStatusCode.Accepted, AcceptedBody);

    public static Func<HttpRequestMessage, HttpResponseMessage> Status(HttpStatusCode status) => _ => new HttpResponseMessage(status);

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>What SocketsHttpHandler throws when nothing listens: a connection error over a socket error.</summary>
    public static HttpRequestException ConnectionRefused() =>
        new(HttpRequestError.ConnectionError, "Connection refused (api.smooven.io:443)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

    public static NotifyRequest Reminder() => new() { Intent = "Remind Sarah about her appointment" };

    public void Dispose() => Client.Dispose();
}
