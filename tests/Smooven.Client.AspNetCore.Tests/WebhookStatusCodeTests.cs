using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

public class WebhookStatusCodeTests
{
    [Fact]
    public async Task The_wire_contract_vector_is_answered_200_and_reaches_the_handler()
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var callback = Assert.Single(host.Recorder.Handled);
        Assert.Equal(CallbackEvent.Delivered, callback.Event);
        Assert.Equal("ntf_abc123def456", callback.NotificationId);
        Assert.Equal(Channel.Sms, callback.ChannelUsed);
        Assert.Equal("delivered", callback.Status);
        Assert.Equal(SignatureVectors.SignedAt, callback.Timestamp);
    }

    [Fact]
    public async Task An_unknown_event_is_answered_200_and_reaches_the_handler_intact()
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync(SignatureVectors.BouncedBody, SignatureVectors.BouncedHeader);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var callback = Assert.Single(host.Recorder.Handled);
        Assert.Equal("notification.bounced", callback.Event.ToString());
        Assert.Equal("ntf_bounce1", callback.NotificationId);
        Assert.Equal("pigeon", callback.ChannelUsed.ToString());
        Assert.Equal("mailbox_full", callback.AdditionalProperties["reason"].GetString());
        Assert.False(callback.IsTerminal);
    }

    [Fact]
    public async Task A_request_without_a_signature_is_answered_401_and_never_handled()
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync(SignatureVectors.Body, signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Recorder.Calls);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(nameof(SignatureStatus.MissingHeader), warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SignatureVectors.HeaderOldKey, SignatureStatus.NoMatchingSignature)] // another key
    [InlineData("t=1772697915,v1=" + SignatureVectors.V1, SignatureStatus.NoMatchingSignature)] // another t
    [InlineData("t=1772697000,v1=" + SignatureVectors.V1, SignatureStatus.TimestampOutsideTolerance)]
    [InlineData("v1=" + SignatureVectors.V1, SignatureStatus.MalformedHeader)]
    [InlineData("   ", SignatureStatus.MissingHeader)]
    public async Task An_invalid_signature_is_answered_401_and_logged_with_the_reason_only(string header, SignatureStatus reason)
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync(SignatureVectors.Body, header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Recorder.Calls);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(reason.ToString(), warning.Message, StringComparison.Ordinal);
        var everything = string.Join('\n', host.Logs.GetSnapshot().Select(r => r.Message + r.Exception));
        Assert.DoesNotContain("46227d9e", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("4e008475", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SignatureVectors.SecretKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("ntf_abc123def456", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_body_with_a_valid_header_is_answered_401()
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync(SignatureVectors.Body.Replace("delivered\",\"times", "failed\",\"times", StringComparison.Ordinal), SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Recorder.Calls);
    }

    [Theory]
    [InlineData("""{"notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z"}""", "event")]
    [InlineData("""{"event":"notification.sent","timestamp":"2026-03-05T08:00:15Z"}""", "notification_id")]
    [InlineData("""{"event":"notification.sent","notification_id":"ntf_1","timestamp":"soon"}""", "timestamp")]
    [InlineData("not json at all", "(the body)")]
    public async Task A_validly_signed_body_that_is_not_a_callback_is_answered_400(string body, string field)
    {
        await using var host = await WebhookHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(body);

        using var response = await host.PostAsync(bytes, host.Sign(bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, host.Recorder.Calls);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains($"'{field}'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoint_needs_nothing_beyond_AddSmoovenClient()
    {
        await using var host = await WebhookHost.StartAsync(withRecordingHandler: false);

        using var response = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_registered_handler_gets_the_callback_from_its_request_scope()
    {
        await using var host = await WebhookHost.StartAsync(services => services
            .AddSingleton<CallbackCounter>()
            .AddScoped<ISmoovenCallbackHandler, CountingHandler>());

        Assert.Equal(HttpStatusCode.OK, await host.DeliverAsync(WebhookHost.Callback("ntf_a")));
        Assert.Equal(HttpStatusCode.OK, await host.DeliverAsync(WebhookHost.Callback("ntf_b")));

        Assert.Equal(2, host.Recorder.Calls);
        Assert.Equal(2, host.App.Services.GetRequiredService<CallbackCounter>().Count);
        Assert.Equal(2, host.Recorder.Scopes.Distinct().Count());
    }

    [Fact]
    public async Task A_custom_route_is_honoured_and_other_methods_are_not_routed()
    {
        await using var host = await WebhookHost.StartAsync(pattern: "/hooks/sms");

        using var atCustom = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header, "/hooks/sms");
        using var atDefault = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header);
        using var get = await host.Client.GetAsync(new Uri("/hooks/sms", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, atCustom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, atDefault.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task Mapping_without_AddSmoovenClient_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSmoovenWebhook());

        Assert.Contains("AddSmoovenClient", ex.Message, StringComparison.Ordinal);
    }

    // Options set with Configure alone have no start-up check; mapping the endpoint is the check.
    [Fact]
    public async Task Mapping_with_invalid_webhook_options_names_every_option_to_fix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSmoovenClient(o => o.SecretKey = "sk_test_map_0123456789");
        builder.Services.Configure<SmoovenWebhookOptions>(o =>
        {
            o.MaxBodySize = 0;
            o.MaxRememberedDeliveries = 0;
        });
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSmoovenWebhook());

        Assert.Contains("SmoovenWebhookOptions.MaxBodySize must be positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SmoovenWebhookOptions.MaxRememberedDeliveries must be positive", ex.Message, StringComparison.Ordinal);
    }
}
