using System.Text.Json.Nodes;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

public class NotifyWireFormatTests
{
    [Fact]
    public async Task Sends_one_authenticated_json_post_to_the_notify_path()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var request = new NotifyRequest
        {
            Intent = "Remind Sarah about her appointment",
            Urgency = Urgency.High,
            Context = new NotifyContext { UserId = "sarah@example.com", AdditionalProperties = { ["appointment_at"] = "09:00", ["attempt"] = 2 } },
            CallbackUrl = new Uri("https://agent.example/webhooks/smooven"),
        };

        var response = await bed.Client.NotifyAsync(request);

        Assert.Equal("ntf_abc123def456", response.NotificationId);
        Assert.Equal("queued", response.Status);
        var sent = Assert.Single(bed.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(NotifyTestBed.NotifyUrl, sent.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer " + NotifyTestBed.SecretKey, Assert.Single(sent.Headers.GetValues("Authorization")));
        Assert.Equal("application/json", sent.Content!.Headers.ContentType!.MediaType);
        Assert.Null(sent.Content.Headers.ContentType.CharSet);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(sent.Headers.GetValues("Idempotency-Key"))));
        var userAgent = string.Join(" ", sent.Headers.GetValues("User-Agent"));
        Assert.StartsWith("smooven-dotnet/", userAgent, StringComparison.Ordinal);
        Assert.Contains("(.NET ", userAgent, StringComparison.Ordinal);

        var expected = JsonNode.Parse("""
            {
              "intent": "Remind Sarah about her appointment",
              "urgency": "high",
              "context": { "user_id": "sarah@example.com", "appointment_at": "09:00", "attempt": 2 },
              "callback_url": "https://agent.example/webhooks/smooven"
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(bed.Bodies.Single())), bed.Bodies.Single());
    }

    [Fact]
    public async Task Leaves_out_what_is_not_set_and_sends_normal_urgency_by_default()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        await bed.Client.NotifyAsync(NotifyTestBed.Reminder());

        var expected = JsonNode.Parse("""{ "intent": "Remind Sarah about her appointment", "urgency": "normal" }""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(Assert.Single(bed.Bodies))));
    }

    [Fact]
    public async Task Default_callback_url_fills_a_request_without_one_and_never_overrides_one()
    {
        using var bed = new NotifyTestBed(o => o.DefaultCallbackUrl = new Uri("https://default.example/hook"));
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var own = new NotifyRequest { Intent = "x", CallbackUrl = new Uri("https://own.example/hook") };

        await bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        await bed.Client.NotifyAsync(own);

        var bodies = bed.Bodies.Select(b => JsonNode.Parse(b)).ToList();
        Assert.Equal("https://default.example/hook", bodies[0]!["callback_url"]!.GetValue<string>());
        Assert.Equal("https://own.example/hook", bodies[1]!["callback_url"]!.GetValue<string>());
        Assert.Null(own.Context);
    }

    [Fact]
    public async Task Each_call_gets_its_own_idempotency_key()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        await bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        await bed.Client.NotifyAsync(NotifyTestBed.Reminder());

        var keys = bed.Requests.Select(r => r.Headers.GetValues("Idempotency-Key").Single()).ToList();
        Assert.Equal(2, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("https://gateway.example/smooven", "https://gateway.example/smooven/v1/agent/notify")]
    [InlineData("https://gateway.example/smooven/", "https://gateway.example/smooven/v1/agent/notify")]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/v1/agent/notify")]
    public async Task Notify_path_is_relative_to_the_base_address(string baseAddress, string expectedUrl)
    {
        using var bed = new NotifyTestBed(o => o.BaseAddress = new Uri(baseAddress));
        bed.Handler.When(HttpMethod.Post, expectedUrl).Respond(_ => NotifyTestBed.Accepted(null!));

        var response = await bed.Client.NotifyAsync(NotifyTestBed.Reminder());

        Assert.Equal("ntf_abc123def456", response.NotificationId);
    }

    [Fact]
    public async Task An_accepted_answer_without_a_notification_id_is_an_error_not_an_untrackable_success()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(System.Net.HttpStatusCode.Accepted, """{"status":"queued"}"""));

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Contains("notification_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_disposes_only_the_http_client_it_created()
    {
        using var handler = new DisposeTrackingHandler();
        using var httpClient = new HttpClient(handler);
        var client = new SmoovenClient(httpClient, new SmoovenClientOptions { SecretKey = "sk" });

        client.Dispose();

        Assert.False(handler.Disposed);
    }

    private sealed class DisposeTrackingHandler : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
