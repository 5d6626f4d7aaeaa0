using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// With an ISmoovenWebhookBackplane registered, a delivery is claimed and recorded there before it
/// is acknowledged; what the backplane cannot take gets 503 and reaches no handler and no wait.
/// </summary>
public class WebhookBackplaneTests
{
    [Fact]
    public async Task A_claimed_delivery_is_appended_with_its_raw_body_and_header_before_the_handlers_run()
    {
        var backplane = new ScriptedBackplane();
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));

        using var answer = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["claim", "append", "complete handled"], backplane.Calls);
        var appended = Assert.Single(backplane.Appended);
        Assert.Equal(SignatureVectors.Body, Encoding.UTF8.GetString(appended.Body.Span));
        Assert.Equal(SignatureVectors.Header, appended.SignatureHeader);
        Assert.Equal("ntf_abc123def456", appended.Callback.NotificationId);
        Assert.Equal(1, host.Recorder.Calls);
    }

    [Theory]
    [InlineData(SmoovenBackplaneClaim.Unavailable)]
    [InlineData(SmoovenBackplaneClaim.Busy)]
    public async Task A_delivery_the_backplane_cannot_claim_gets_503_with_Retry_After_and_reaches_nothing(SmoovenBackplaneClaim claim)
    {
        var backplane = new ScriptedBackplane { Claim = claim };
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));
        var tracker = host.App.Services.GetRequiredService<DeliveryTracker>();

        using var answer = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);
        var waiting = tracker.WaitAsync("ntf_abc123def456", new SendAndWaitOptions { Timeout = TimeSpan.FromSeconds(1) });
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var wait = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter?.Delta);
        Assert.Equal(["claim"], backplane.Calls);
        Assert.Equal(0, host.Recorder.Calls);
        Assert.Equal(DeliveryOutcome.TimedOut, wait.Outcome);
        Assert.Empty(wait.Callbacks);
    }

    [Fact]
    public async Task A_failed_append_gets_503_releases_the_claim_and_its_retry_is_handled()
    {
        var backplane = new ScriptedBackplane { Appends = false };
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));

        using var first = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);
        backplane.Appends = true;
        using var retry = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(["claim", "append", "complete released", "claim", "append", "complete handled"], backplane.Calls);
        Assert.Equal(1, host.Recorder.Calls);
    }

    [Fact]
    public async Task A_delivery_handled_on_another_instance_is_a_duplicate_here_too_without_asking_again_and_its_copy_renews_the_window()
    {
        var backplane = new ScriptedBackplane { Claim = SmoovenBackplaneClaim.Duplicate };
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));

        using var first = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);
        using var again = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["claim", "renew"], backplane.Calls);
        Assert.Equal(0, host.Recorder.Calls);
    }
}
