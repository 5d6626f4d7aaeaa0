using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// A replayed copy of a delivery this instance remembers renews it in the backplane, so that the
/// other instances keep it as long as this one; a replay flood of one captured delivery must not
/// become a write flood on the shared store (review2), so a delivery is renewed at its first copy,
/// then at most once a second.
/// </summary>
public class WebhookRenewalFloodTests
{
    [Fact]
    public async Task Copies_of_one_delivery_renew_it_in_the_backplane_once_a_second_at_most()
    {
        var backplane = new ScriptedBackplane();
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));

        using (var first = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await PostCopiesAsync(host, 100);
        Assert.Equal(1, Renewals(backplane));

        host.Clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        await PostCopiesAsync(host, 10);
        Assert.Equal(1, Renewals(backplane));

        host.Clock.Advance(TimeSpan.FromTicks(1));
        await PostCopiesAsync(host, 10);
        Assert.Equal(2, Renewals(backplane));
        Assert.Equal(1, host.Recorder.Calls);
    }

    private static async Task PostCopiesAsync(WebhookHost host, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var copy = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        }
    }

    private static int Renewals(ScriptedBackplane backplane) => backplane.Calls.Count(call => call == "renew");
}
