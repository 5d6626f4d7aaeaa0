using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Http;

/// <summary>
/// Builds the Polly pipeline that repeats a notify attempt after a transient failure:
/// exponential backoff with jitter, <c>Retry-After</c> honoured up to a cap, all delays on the
/// given <see cref="TimeProvider"/>. Each attempt is a new request with the same Idempotency-Key.
/// </summary>
internal static class NotifyRetryPipeline
{
    private static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(30);

    public static ResiliencePipeline<HttpResponseMessage> Create(
        SmoovenClientOptions options, TimeProvider timeProvider, ILogger logger, SmoovenMetrics metrics)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        var maxRetryAfter = options.MaxRetryAfter;
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            
            // Polly also caps Retry-After delays by MaxDelay, so the cap must admit every Retry-After we honour.
            MaxDelay = maxRetryAfter > BackoffCap ? maxRetryAfter : BackoffCap,
            // Only what Smooven may never have received, or refused for load: a local failure
            // (a refused header, a throwing handler) would fail the same way again.
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, timeProvider, maxRetryAfter, args.Context.CancellationToken)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } response ? RetryAfterReader.Read(response, timeProvider) : null),
            OnRetry = args =>
            {
                metrics.NotifyRetries.Add(1);
                ClientLog.NotifyRetrying(logger, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        };

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(retry)
            .Build();
    }

    private static bool ShouldRetry(
        Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider, TimeSpan maxRetryAfter, CancellationToken cancellationToken) =>
        outcome switch
        {
            { Exception: HttpRequestException failure } => TransientFailures.IsTransportFailure(failure),

            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            { Exception: OperationCanceledException } => !cancellationToken.IsCancellationRequested,
            { Result: { } response } => TransientFailures.IsRetriableStatus(response.StatusCode)
                && !(RetryAfterReader.Read(response, timeProvider) > maxRetryAfter),
            _ => false,
        };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? $"{(int)response.StatusCode} {response.StatusCode}"
            : outcome.Exception?.GetType().Name ?? "unknown";
}
