using System.Net;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>
/// Lets the first notify request reach Smooven, then loses its answer: as a connection cut after the
/// request went out, as the caller cancelling at that moment, or as a gateway answering with an error of
/// its own. The second may be refused as an overloaded Smooven would, without reaching it. Later
/// requests pass untouched. EmulatorFaults.LoseFirstNotifyAnswers cannot answer with a gateway's error
/// after Smooven took the request, cancel the caller at the loss, or refuse the request after a lost one;
/// and the client here makes no retries of its own, so one loss reaches the tool.
/// </summary>
internal sealed class LostAnswerHandler(
    CancellationTokenSource? cancelOnLoss = null, HttpStatusCode? gatewayError = null, HttpStatusCode? refuseSecondWith = null)
    : DelegatingHandler(new SocketsHttpHandler())
{
    private int _requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var count = Interlocked.Increment(ref _requests);
        if (count == 2 && refuseSecondWith is { } refusal)
        {
            return new HttpResponseMessage(refusal) { Content = new StringContent("""{"error":{"type":"api_error","message":"Busy."}}""") };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (count > 1)
        {
            return response;
        }

        response.Dispose();
        if (gatewayError is { } status)
        {
            return new HttpResponseMessage(status) { Content = new StringContent("<html>Gateway error</html>") };
        }

        if (cancelOnLoss is null)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        }

        await cancelOnLoss.CancelAsync();
        throw new OperationCanceledException(cancelOnLoss.Token);
    }

    /// <summary>A client over this handler to the host's emulator, with no retries of its own, sharing the host's tracker.</summary>
    public SmoovenClient ClientFor(AgentHost host) => new(
        new HttpClient(this),
        new SmoovenClientOptions { SecretKey = host.Emulator.SecretKey, BaseAddress = host.Emulator.BaseAddress, MaxRetries = 0 },
        host.Tracker);
}
