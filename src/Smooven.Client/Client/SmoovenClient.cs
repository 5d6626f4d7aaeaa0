using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Smooven.Client.Diagnostics;
using Smooven.Client.Http;
using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>
/// Sends notifications through Smooven and, with <see cref="SendAndWaitAsync(NotifyRequest, SendAndWaitOptions, CancellationToken)"/>,
/// awaits what became of them. Thread-safe; keep one per application, or resolve it from DI
/// with <c>services.AddSmoovenClient(...)</c>. Transient failures are retried inside the client:
/// do not add a retry handler of your own on top.
/// </summary>
public class SmoovenClient : IDisposable
{
    private readonly NotifyRequestSender _sender = null!;
    private readonly ResiliencePipeline<HttpResponseMessage> _retryPipeline = ResiliencePipeline<HttpResponseMessage>.Empty;
    private readonly SmoovenClientOptions _options = null!;
    private readonly TimeProvider _timeProvider = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly SmoovenMetrics _metrics = SmoovenMetrics.Shared;
    private readonly HttpClient? _ownedHttpClient;
    private readonly DeliveryTracker? _ownedTracker;
    private readonly DeliveryTracker _tracker = null!;

    /// <summary>For mocking frameworks only.</summary>
    protected SmoovenClient()
    {
    }

    /// <summary>Creates a client for Smooven's production service with default options.</summary>
    /// <param name="secretKey">Your Smooven secret key.</param>
    public SmoovenClient(string secretKey)
        : this(new SmoovenClientOptions { SecretKey = secretKey })
    {
    }

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, disposed with the client.</summary>
    /// <param name="options">The settings; checked at once.</param>
    public SmoovenClient(SmoovenClientOptions options)
        : this(null, options, null, null, null)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> you own; it is not disposed with the client.</summary>
    /// <param name="httpClient">The HTTP client to send with. Its base address is not used: <see cref="SmoovenClientOptions.BaseAddress"/> is.</param>
    /// <param name="options">The settings; checked at once.</param>
    /// <param name="tracker">The tracker that <see cref="SendAndWaitAsync(NotifyRequest, SendAndWaitOptions, CancellationToken)"/>
    /// waits on; share it with your webhook receiver. When null the client creates its own.</param>
    public SmoovenClient(HttpClient httpClient, SmoovenClientOptions options, DeliveryTracker? tracker = null)
        : this(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), options, tracker, null, null)
    {
    }

    /// <summary>Creates a client with a clock and logging of your choice, as the DI registration does.</summary>
    /// <param name="httpClient">The HTTP client to send with; when null the client creates and disposes its own.</param>
    /// <param name="options">The settings; checked at once.</param>
    /// <param name="tracker">The tracker to wait on; when null the client creates its own.</param>
    /// <param name="timeProvider">The clock for retry delays and waits; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where the client logs; nowhere when null.</param>
    public SmoovenClient(
        HttpClient? httpClient,
        SmoovenClientOptions options,
        DeliveryTracker? tracker,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory)
        : this(httpClient, options, tracker, timeProvider, loggerFactory, null, null)
    {
    }

    internal SmoovenClient(
        HttpClient? httpClient,
        SmoovenClientOptions options,
        DeliveryTracker? tracker,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        SmoovenMetrics? metrics,
        ResiliencePipeline<HttpResponseMessage>? retryPipeline)
    {
        SmoovenClientOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<SmoovenClient>() ?? NullLogger.Instance;
        _metrics = metrics ?? SmoovenMetrics.Shared;
        if (httpClient is null)
        {
            _ownedHttpClient = new HttpClient();
            httpClient = _ownedHttpClient;
        }

        if (tracker is null)
        {
            _ownedTracker = new DeliveryTracker(null, _timeProvider, loggerFactory, _metrics);
            tracker = _ownedTracker;
        }

        _tracker = tracker;
        _sender = new NotifyRequestSender(httpClient, options);
        _retryPipeline = retryPipeline ?? NotifyRetryPipeline.Create(options, _timeProvider, _logger, _metrics);
    }

    /// <summary>The tracker that <see cref="SendAndWaitAsync(NotifyRequest, SendAndWaitOptions, CancellationToken)"/> waits on.
    /// Feed it from your webhook receiver (<c>MapSmoovenWebhook</c> does) with <see cref="DeliveryTracker.Publish"/>.</summary>
    public DeliveryTracker Tracker => _tracker;

    /// <summary>
    /// Asks Smooven to deliver a notification. Connection failures, the HTTP client's timeout and 408,
    /// 429, 500, 502, 503 and 504 answers are retried under one Idempotency-Key, so a retry never sends twice.
    /// </summary>
    /// <param name="request">What to send.</param>
    /// <param name="cancellationToken">Stops the call at once, also between retries.</param>
    /// <returns>The id Smooven gave the notification.</returns>
    /// <exception cref="ArgumentException">The request is not valid; the message says how to fix it.</exception>
    /// <exception cref="SmoovenApiException">Smooven refused the request.</exception>
    /// <exception cref="SmoovenException">Smooven could not be reached, did not answer in time, or gave an answer
    /// that could not be read; <see cref="SmoovenException.MayHaveBeenAccepted"/> says whether to try again with
    /// its <see cref="SmoovenException.IdempotencyKey"/>.</exception>
    public virtual async Task<NotifyResponse> NotifyAsync(NotifyRequest request, CancellationToken cancellationToken = default)
    {
        var payload = NotifyRequestValidator.ToPayload(request, _options.DefaultCallbackUrl);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, SmoovenJsonContext.Default.NotifyRequestPayload);
        var idempotencyKey = request.IdempotencyKey ?? Guid.NewGuid().ToString("N");

        using var activity = SmoovenTelemetry.ActivitySource.StartActivity("Smooven.Notify", ActivityKind.Client);
        activity?.SetTag("smooven.urgency", payload.Urgency);
        try
        {
            HttpResponseMessage response;
            var attempts = new NotifyAttempts(_sender, body, idempotencyKey);
            try
            {
                response = await _retryPipeline.ExecuteAsync(
                    static (attempts, token) => attempts.SendAsync(token),
                    attempts,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!TransientFailures.IsTransportFailure(ex))
            {
                ClientLog.NotifyUnsendable(_logger, ex);

                // An answer that is not HTTP, or whose headers are too long, came after the request went out.
                var mayHaveBeenAccepted = ex.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded
                    || attempts.MayHaveReachedSmooven;
                throw new SmoovenException(
                    $"The notify request to {_sender.NotifyUri()} failed in a way that trying again would not fix, so it was not retried: {ex.Message}" +
                    (mayHaveBeenAccepted ? " " + RetryAdvice.SameKey(idempotencyKey) : string.Empty),
                    ex)
                {
                    IdempotencyKey = idempotencyKey,
                    MayHaveBeenAccepted = mayHaveBeenAccepted,
                };
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(ex, idempotencyKey, $"Could not reach Smooven at {_sender.NotifyUri()} after {_options.MaxRetries + 1} attempt(s): {ex.Message} {RetryAdvice.SameKey(idempotencyKey)}");
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Unreachable(ex, idempotencyKey, $"Smooven did not answer at {_sender.NotifyUri()} within the HTTP client's timeout, after {_options.MaxRetries + 1} attempt(s). {RetryAdvice.SameKey(idempotencyKey)}");
            }

            using (response)
            {
                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                if (!response.IsSuccessStatusCode)
                {
                    var error = await ApiErrorReader.ReadAsync(response, _sender.NotifyUri(), attempts, _options.SecretKey, _timeProvider, cancellationToken).ConfigureAwait(false);
                    ClientLog.NotifyRefused(_logger, error.StatusCode, error.ErrorCode, error.RequestId);
                    throw error;
                }

                // Already in memory (read by the sender, up to AnswerBuffer.MaxBytes): this completes at once.
                var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var accepted = AcceptedAnswerReader.Read(answer, response.StatusCode, idempotencyKey);
                activity?.SetTag("smooven.notification_id", accepted.NotificationId);
                _metrics.NotificationsSent.Add(1);
                ClientLog.NotifyAccepted(_logger, accepted.NotificationId, request.Urgency);
                return accepted;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.NotifyFailures.Add(1, new KeyValuePair<string, object?>("error.type", ex is SmoovenApiException api ? ((int)api.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : ex.GetType().Name));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>Sends a notification and waits for its outcome, up to <paramref name="timeout"/>.</summary>
    /// <param name="request">What to send; it needs a callback URL, here or in <see cref="SmoovenClientOptions.DefaultCallbackUrl"/>.</param>
    /// <param name="timeout">How long to wait for delivered or failed once Smooven has accepted the request.</param>
    /// <param name="cancellationToken">Cancels the send or the wait.</param>
    /// <returns>The outcome; a timeout is <see cref="DeliveryOutcome.TimedOut"/>, not an exception.</returns>
    public virtual Task<DeliveryResult> SendAndWaitAsync(NotifyRequest request, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendAndWaitAsync(request, new SendAndWaitOptions { Timeout = timeout }, cancellationToken);

    /// <summary>Sends a notification and waits for the outcome the options ask for.</summary>
    /// <param name="request">What to send; it needs a callback URL, here or in <see cref="SmoovenClientOptions.DefaultCallbackUrl"/>.</param>
    /// <param name="options">Timeout and the event that ends the wait.</param>
    /// <param name="cancellationToken">Cancels the send or the wait.</param>
    /// <returns>The outcome; a timeout is <see cref="DeliveryOutcome.TimedOut"/>, not an exception.</returns>
    /// <exception cref="InvalidOperationException">No callback URL is set, so no outcome could ever arrive.</exception>
    public virtual async Task<DeliveryResult> SendAndWaitAsync(NotifyRequest request, SendAndWaitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (request.CallbackUrl is null && _options.DefaultCallbackUrl is null)
        {
            throw new InvalidOperationException(
                "SendAndWaitAsync needs a callback URL, or no outcome can ever arrive. Set NotifyRequest.CallbackUrl, or " +
                "SmoovenClientOptions.DefaultCallbackUrl, to the public address of your MapSmoovenWebhook endpoint.");
        }

        var accepted = await NotifyAsync(request, cancellationToken).ConfigureAwait(false);
        return await _tracker.WaitAsync(accepted.NotificationId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the HTTP client and tracker the client created itself; never ones passed in.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes what the client owns.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedHttpClient?.Dispose();
            _ownedTracker?.Dispose();
        }
    }

    private SmoovenException Unreachable(Exception ex, string idempotencyKey, string message)
    {
        ClientLog.NotifyUnreachable(_logger, ex);
        return new SmoovenException(message, ex) { IdempotencyKey = idempotencyKey, MayHaveBeenAccepted = true };
    }
}
