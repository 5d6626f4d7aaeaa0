using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Smooven.Client.AspNetCore.Diagnostics;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// The request handling behind <c>MapSmoovenWebhook</c>, in the order wire-contract.md asks:
/// size limit (413), signature over the raw bytes (401), callback format (400), then dispatch
/// (200, or 500 when a handler failed so that Smooven retries, or 503 when a backplane could not
/// record the delivery or another instance is handling the same delivery now).
/// </summary>
internal sealed class WebhookEndpoint
{
    // Smooven retries on its own schedule (5 s first); the header tells other senders the same.
    private const string RetryAfterSeconds = "5";

    private readonly CallbackVerifier _verifier;
    private readonly CallbackDispatcher _dispatcher;
    private readonly IOptionsMonitor<SmoovenWebhookOptions> _options;
    private readonly ILogger _logger;
    private readonly WebhookMetrics _metrics;
    private readonly WarningGate _tooLargeWarnings;

    // One per SignatureStatus, indexed by its value: a flood of one reason does not hide another.
    private readonly WarningGate[] _signatureWarnings;

    public WebhookEndpoint(
        CallbackVerifier verifier,
        CallbackDispatcher dispatcher,
        IOptionsMonitor<SmoovenWebhookOptions> options,
        ILogger logger,
        WebhookMetrics metrics,
        TimeProvider timeProvider)
    {
        _verifier = verifier;
        _dispatcher = dispatcher;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        _tooLargeWarnings = new WarningGate(timeProvider);
        _signatureWarnings = [.. Enum.GetValues<SignatureStatus>().Select(_ => new WarningGate(timeProvider))];
    }

    public async Task HandleAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        var request = context.Request;

        // A declared length over the limit is refused before a byte of the body is read.
        if (request.ContentLength > options.MaxBodySize)
        {
            LogTooLarge(context, options.MaxBodySize);
            _metrics.TooLarge();
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        // Nothing unsigned is worth reading.
        var signature = request.Headers[CallbackVerifier.SignatureHeaderName];
        if (StringValues.IsNullOrEmpty(signature))
        {
            LogSignatureRefused(context, SignatureStatus.MissingHeader);
            _metrics.SignatureRefused(SignatureStatus.MissingHeader);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // Counted before it propagates, so that every request shows in the metric; Smooven retries it.
        DispatchOutcome outcome;
        try
        {
            RequestBody? body;
            try
            {
                body = await RequestBody.ReadAsync(request.Body, request.ContentLength, options.MaxBodySize, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The server's own limit is lower than MaxBodySize.
                body = null;
            }
            catch (BadHttpRequestException ex)
            {
                // The body did not arrive whole: the caller closed its side before the declared length (400),
                // or sent it slower than Kestrel's MinRequestBodyDataRate (408). Thrown on, it went uncounted,
                // and the slow one was logged by Kestrel as an unhandled error of the application. Smooven
                // retries either; Kestrel's own answer is kept.
                _metrics.Aborted();
                context.Response.StatusCode = ex.StatusCode;
                return;
            }
            catch (IOException)
            {
                // The connection was reset while the body was on its way: Smooven hung up, and retries.
                // Thrown on, Kestrel logged it as an unhandled error of the application, then again when
                // it could not drain the body; the connection is closed instead, as a hang-up.
                _metrics.Aborted();
                context.Abort();
                return;
            }

            if (body is null)
            {
                LogTooLarge(context, options.MaxBodySize);
                _metrics.TooLarge();
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            DeliveryCallback callback;
            BodyHash hash;
            SmoovenVerifiedDelivery? shared = null;
            using (body)
            {
                // Several header lines are joined with commas, which makes more than one t: malformed.
                var status = _verifier.Check(body.Span, signature.Count == 1 ? signature[0] : signature.ToString());
                if (status != SignatureStatus.Valid)
                {
                    LogSignatureRefused(context, status);
                    _metrics.SignatureRefused(status);
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                try
                {
                    callback = DeliveryCallback.Parse(body.Span);
                }
                catch (SmoovenCallbackFormatException ex)
                {
                    WebhookLog.NotACallback(_logger, ex.FieldName ?? "(the body)");
                    _metrics.NotACallback();
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                hash = BodyHash.Of(body.Span);
                if (_dispatcher.IsShared)
                {
                    // The pooled buffer goes back before the dispatch; the backplane needs the bytes after it.
                    shared = new SmoovenVerifiedDelivery(body.Span.ToArray(), signature.ToString(), callback);
                }
            }

            outcome = await _dispatcher.DispatchAsync(hash, callback, shared, context, options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _metrics.Aborted();
            throw;
        }

        switch (outcome)
        {
            case DispatchOutcome.Handled:
                _metrics.Handled();
                context.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case DispatchOutcome.Duplicate:
                _metrics.Duplicate();
                context.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case DispatchOutcome.Unavailable:
                _metrics.Unavailable();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                break;
            default:
                _metrics.HandlerFailed();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                break;
        }
    }

    private void LogSignatureRefused(HttpContext context, SignatureStatus status)
    {
        if (_signatureWarnings[(int)status].ShouldWarn(out var quiet))
        {
            WebhookLog.SignatureRefused(_logger, context.Connection.RemoteIpAddress, status, quiet);
        }
        else
        {
            WebhookLog.SignatureRefusedQuietly(_logger, context.Connection.RemoteIpAddress, status);
        }
    }

    private void LogTooLarge(HttpContext context, long maxBodySize)
    {
        if (_tooLargeWarnings.ShouldWarn(out var quiet))
        {
            WebhookLog.BodyTooLarge(_logger, context.Connection.RemoteIpAddress, maxBodySize, quiet);
        }
        else
        {
            WebhookLog.BodyTooLargeQuietly(_logger, context.Connection.RemoteIpAddress, maxBodySize);
        }
    }
}
