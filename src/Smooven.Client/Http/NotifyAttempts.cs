namespace Smooven.Client.Http;

/// <summary>
/// The attempts of one notify call, made through the retry pipeline, and whether any of them may have reached
/// Smooven: once one may have (a timeout, a lost answer, a gateway's 5xx), a refusal on a later attempt (a 429 or
/// 503 for load) does not mean that nothing was sent.
/// </summary>
internal sealed class NotifyAttempts(NotifyRequestSender sender, byte[] body, string idempotencyKey)
{
    public string IdempotencyKey => idempotencyKey;

    /// <summary>True once an attempt has ended in a way that leaves open whether Smooven took the request.</summary>
    public bool MayHaveReachedSmooven { get; private set; }

    public async ValueTask<HttpResponseMessage> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await sender.SendAsync(body, idempotencyKey, cancellationToken).ConfigureAwait(false);
            MayHaveReachedSmooven |= RetryAdvice.MayHaveBeenAccepted(response.StatusCode);
            return response;
        }
        catch (HttpRequestException ex) when (TransientFailures.IsTransportFailure(ex))
        {
            MayHaveReachedSmooven = true;
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The HTTP client's timeout: the request may have been sent and taken, its answer late.
            MayHaveReachedSmooven = true;
            throw;
        }
    }
}
