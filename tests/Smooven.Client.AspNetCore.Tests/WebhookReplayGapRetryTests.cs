using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// A DuplicateWindow equal to SignatureTolerance (no warning, and what the docs ask for) leaves no
/// replay gap. Smooven's retry of the same body is signed later than the first attempt (its 200 was
/// lost), so its signature outlives a window counted from the first handling; recognising the retry
/// restarts the window, which then outlives the retry's signature. (Review finding, test b95ad7e.)
/// </summary>
public class WebhookReplayGapRetryTests
{
    [Fact]
    public async Task A_retry_signed_after_handling_cannot_be_replayed_into_the_handlers_within_its_tolerance()
    {
        await using var host = await WebhookHost.StartAsync(
            services => services.AddSmoovenWebhooks(o => o.DuplicateWindow = TimeSpan.FromMinutes(5)),
            settings: new()
            {
                ["Smooven:SecretKey"] = SignatureVectors.SecretKey,
                ["Smooven:SignatureTolerance"] = "00:05:00",
            });
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_retried"));

        // Handled at T. Its 200 is lost, so Smooven retries it 2 min later, signed anew: a duplicate, 200.
        using (var first = await host.PostAsync(body, host.Sign(body))) { Assert.Equal(HttpStatusCode.OK, first.StatusCode); }
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var retrySignature = host.Sign(body);
        using (var retry = await host.PostAsync(body, retrySignature)) { Assert.Equal(HttpStatusCode.OK, retry.StatusCode); }
        Assert.Equal(1, host.Recorder.Calls);

        // T + 5 min 30 s: a window counted from T would be over; the retry's signature (T + 2 min) is 3.5 min old.
        host.Clock.Advance(TimeSpan.FromMinutes(3.5));
        using (var replay = await host.PostAsync(body, retrySignature)) { Assert.Equal(HttpStatusCode.OK, replay.StatusCode); }

        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 2012); // no ReplayGap warning was given
        Assert.Equal(1, host.Recorder.Calls); // 2 when the window counts from the first handling: the captured retry reached the handlers again
    }
}
