using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// Review (review2): a replayed copy of a delivery this instance remembers costs the backplane a write
/// each time (RenewAsync), even when the copies arrive within the same instant and the local window did
/// not move. A replay flood of one captured delivery becomes a write flood on the shared store, and in
/// the Redis backplane a queue of completions that claims wait behind. Fails on main: 100 renewals.
/// </summary>
public class WebhookRenewalFloodTests
{
    [Fact]
    public async Task Copies_of_one_delivery_seen_at_the_same_instant_renew_it_in_the_backplane_once()
    {
        var backplane = new ScriptedBackplane();
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));

        using (var first = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        for (var i = 0; i < 100; i++)
        {
            using var copy = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header);
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        }

        Assert.Equal(1, host.Recorder.Calls);
        Assert.InRange(backplane.Calls.Count(call => call == "renew"), 1, 1);
    }
}
