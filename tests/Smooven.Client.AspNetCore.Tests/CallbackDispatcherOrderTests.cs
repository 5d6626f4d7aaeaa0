using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AspNetCore.Tests.Infrastructure;
using Smooven.Client.AspNetCore.Webhook;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// With a backplane, a delivery's cluster claim ends before its local one: an identical delivery
/// waiting in this process must not claim the cluster while the first one's release is still on
/// its way there (it would find its own instance's lease, take it back, and then lose it).
/// </summary>
public class CallbackDispatcherOrderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_cluster_claim_is_completed_while_the_local_claim_still_holds_identical_deliveries_back(bool handlerSucceeds)
    {
        var options = new SmoovenWebhookOptions();
        var recent = new RecentDeliveries(new FakeTimeProvider());
        var backplane = new ScriptedBackplane();
        var body = SignatureVectors.BodyBytes;
        var hash = BodyHash.Of(body);
        bool? heldBackAtCompletion = null;
        backplane.OnComplete = (_, _) =>
            heldBackAtCompletion = recent.TryClaim(hash, options.DuplicateWindow, options.MaxRememberedDeliveries).InProgress is not null;
        using var tracker = new DeliveryTracker();
        var services = new ServiceCollection();
        if (!handlerSucceeds)
        {
            services.AddSingleton<ISmoovenCallbackHandler, FailingHandler>();
        }

        await using var requestServices = services.BuildServiceProvider();
        var dispatcher = new CallbackDispatcher(tracker, recent, backplane, NullLogger.Instance);
        var callback = DeliveryCallback.Parse(body);

        var outcome = await dispatcher.DispatchAsync(
            hash, callback, new SmoovenVerifiedDelivery(body, SignatureVectors.Header, callback), new DefaultHttpContext { RequestServices = requestServices }, options, CancellationToken.None);

        Assert.Equal(handlerSucceeds ? DispatchOutcome.Handled : DispatchOutcome.HandlerFailed, outcome);
        Assert.True(heldBackAtCompletion, "an identical delivery could claim locally while the cluster claim was still being completed");
    }

    private sealed class FailingHandler : ISmoovenCallbackHandler
    {
        public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the handler's database is down");
    }
}
