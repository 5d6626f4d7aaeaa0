using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// A replayed copy of a delivery this instance remembers renews it in the backplane, so that the
/// other instances keep it as long as this one; a replay flood of one captured delivery must not
/// become a write flood on the shared store (review2), so a delivery is renewed at its first copy,
/// then at most once a second. A backplane whose renewal throws does not turn the duplicate into a 500.
/// </summary>
public class WebhookRenewalFloodTests
{
    private const int RenewFailedEventId = 2013;

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

    [Fact]
    public async Task A_backplane_whose_renewal_throws_still_gets_the_duplicate_answered_200_and_a_warning()
    {
        var backplane = new ThrowingRenewalBackplane();
        await using var host = await WebhookHost.StartAsync(services => services.AddSingleton<ISmoovenWebhookBackplane>(backplane));

        using (var first = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var copy = await host.PostAsync(SignatureVectors.BodyBytes, SignatureVectors.Header))
        {
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        }

        Assert.Equal(1, backplane.Renewals);
        Assert.Equal(1, host.Recorder.Calls);
        var warning = Assert.Single(host.Logs.GetSnapshot(), record => record.Id.Id == RenewFailedEventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.IsType<InvalidOperationException>(warning.Exception);
        Assert.DoesNotContain(SignatureVectors.Header, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SignatureVectors.Body, warning.Message, StringComparison.Ordinal);
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

    // An app's own backplane that breaks the "never throws" of RenewAsync.
    private sealed class ThrowingRenewalBackplane : ISmoovenWebhookBackplane
    {
        private int _renewals;

        public int Renewals => Volatile.Read(ref _renewals);

        public Task<SmoovenBackplaneClaim> ClaimAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken) =>
            Task.FromResult(SmoovenBackplaneClaim.Claimed);

        public Task<bool> AppendAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task CompleteAsync(SmoovenVerifiedDelivery delivery, bool handled) => Task.CompletedTask;

        public Task RenewAsync(SmoovenVerifiedDelivery delivery)
        {
            Interlocked.Increment(ref _renewals);
            throw new InvalidOperationException("The store refused the renewal.");
        }
    }
}
