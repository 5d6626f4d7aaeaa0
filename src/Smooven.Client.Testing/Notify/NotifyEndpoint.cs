using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Smooven.Client.Diagnostics;
using Smooven.Client.Testing.Callbacks;
using Smooven.Client.Testing.Diagnostics;
using Smooven.Client.Testing.Recording;
using Smooven.Client.Testing.Scenarios;
using Smooven.Client.Testing.Wire;

namespace Smooven.Client.Testing.Notify;

/// <summary>
/// Serves <c>POST /v1/agent/notify</c> as the service does (wire contract, section 1): Bearer
/// authentication, validation with typed errors, Idempotency-Key replay, injected refusals and
/// lost answers, and a 202 that sets the scenario's callbacks going.
/// </summary>
internal sealed class NotifyEndpoint
{
    public const string NotifyPath = "/v1/agent/notify";
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly SmoovenEmulatorOptions _options;
    private readonly string _expectedAuthorization;
    private readonly CallbackScheduler _scheduler;
    private readonly Recorder<RecordedNotifyRequest> _requests;
    private readonly Recorder<EmulatedNotification> _notifications;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly NotifyAcceptance _acceptance;
    private int _authenticatedRequests;
    private int _acceptedAnswers;

    public NotifyEndpoint(
        SmoovenEmulatorOptions options,
        string secretKey,
        CallbackScheduler scheduler,
        Recorder<RecordedNotifyRequest> requests,
        Recorder<EmulatedNotification> notifications,
        ILogger logger,
        CancellationToken stopping)
    {
        _options = options;
        _expectedAuthorization = "Bearer " + secretKey;
        _scheduler = scheduler;
        _requests = requests;
        _notifications = notifications;
        _logger = logger;
        _stopping = stopping;
        _acceptance = new NotifyAcceptance(options.MaxRememberedIdempotencyKeys);
    }

    private TimeProvider Clock => _options.TimeProvider;

    public async Task HandleAsync(HttpContext context)
    {
        // The one read of the clock for the request, outside every lock: a FakeTimeProvider runs the
        // timers a read brings due on the reading thread. Idempotency windows are judged at this time.
        var exchange = new NotifyExchange(context, Ids.NewRequestId(), Clock.GetUtcNow());
        context.Response.Headers["X-Request-Id"] = exchange.RequestId;

        if (!string.Equals(context.Request.Path.Value, NotifyPath, StringComparison.Ordinal))
        {
            await RefuseAsync(exchange, new ApiError(404, "invalid_request", "not_found", $"There is no {context.Request.Method} {context.Request.Path}. The emulator serves POST {NotifyPath}.")).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await RefuseAsync(exchange, new ApiError(405, "invalid_request", "method_not_allowed", $"{NotifyPath} only accepts POST.")).ConfigureAwait(false);
            return;
        }

        if (!await exchange.TryReadBodyAsync(MaxBodyBytes).ConfigureAwait(false))
        {
            await RefuseAsync(exchange, new ApiError(413, "invalid_request", "request_too_large", $"The request body is over {MaxBodyBytes} bytes.")).ConfigureAwait(false);
            return;
        }

        if (FindAuthenticationError(context.Request) is { } authenticationError)
        {
            await RefuseAsync(exchange, authenticationError).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _authenticatedRequests) <= _options.Faults.RejectFirstNotifyRequests)
        {
            await RejectAsInjectedAsync(exchange).ConfigureAwait(false);
            return;
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;
        if (_acceptance.Find(idempotencyKey, exchange.ReceivedAt) is { } stored)
        {
            await ReplayAsync(exchange, idempotencyKey!, stored).ConfigureAwait(false);
            return;
        }

        if (!NotifyRequestParser.TryParse(exchange.Body, out var parsed, out var validationError))
        {
            await RefuseAsync(exchange, validationError!).ConfigureAwait(false);
            return;
        }

        await AcceptAsync(exchange, parsed!, idempotencyKey).ConfigureAwait(false);
    }

    private ApiError? FindAuthenticationError(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return new ApiError(401, "authentication_error", "missing_api_key", "No Authorization header. Send 'Authorization: Bearer <secret key>'.");
        }

        // The scheme is case-insensitive (RFC 9110); the key is not.
        var matches = authorization.Length == _expectedAuthorization.Length
            && authorization.AsSpan(0, 7).Equals(_expectedAuthorization.AsSpan(0, 7), StringComparison.OrdinalIgnoreCase)
            && authorization.AsSpan(7).SequenceEqual(_expectedAuthorization.AsSpan(7));
        return matches
            ? null
            : new ApiError(401, "authentication_error", "invalid_api_key", "The secret key in the Authorization header is not this emulator's. Use SmoovenEmulator.SecretKey.");
    }

    private Task RejectAsInjectedAsync(NotifyExchange exchange)
    {
        // Only a refusal for load says when to come back (wire contract, section 1): a Retry-After on a 403 or a 500
        // would tell a client something the service never does.
        if (_options.Faults.RejectStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && _options.Faults.RetryAfter is { } retryAfter)
        {
            exchange.Context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return RefuseAsync(exchange, ApiError.Rejection((int)_options.Faults.RejectStatusCode));
    }

    private async Task ReplayAsync(NotifyExchange exchange, string idempotencyKey, StoredAnswer stored)
    {
        if (!stored.Answers(exchange.Body.Span))
        {
            await RefuseAsync(exchange, ApiError.IdempotencyKeyReused(idempotencyKey)).ConfigureAwait(false);
            return;
        }

        EmulatorLog.Replayed(_logger, idempotencyKey, stored.NotificationId);
        exchange.Context.Response.Headers["Idempotent-Replayed"] = "true";
        await AnswerAcceptedAsync(exchange, stored.Body, stored.NotificationId, isReplay: true).ConfigureAwait(false);
    }

    private async Task AcceptAsync(NotifyExchange exchange, ParsedNotify parsed, string? idempotencyKey)
    {
        var notification = new EmulatedNotification(
            Ids.NewNotificationId(),
            _acceptance.TakeSequenceNumber(),
            parsed.Intent,
            parsed.Urgency,
            parsed.UserId,
            parsed.Context,
            parsed.CallbackUrl,
            idempotencyKey,
            exchange.ReceivedAt);

        // Chosen under no lock: the selector is the user's code, and one that blocks or reads the emulator
        // must not hold up the other requests. Its sequence number is spent whatever comes of it.
        EmulatorScenario scenario;
        try
        {
            scenario = ChooseScenario(notification);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EmulatorLog.SelectorFailed(_logger, notification.NotificationId, ex);
            await RefuseAsync(exchange, new ApiError(500, "api_error", "scenario_selector_failed", $"SmoovenEmulatorOptions.ScenarioSelector threw {ex.GetType().Name}: {ex.Message}")).ConfigureAwait(false);
            return;
        }

        var answer = new StoredAnswer(notification.NotificationId, WireJson.Accepted(notification.NotificationId), exchange.ReceivedAt, StoredAnswer.HashOf(exchange.Body.Span));
        if (_acceptance.TryAccept(idempotencyKey, answer) is { } acceptedMeanwhile)
        {
            // Another request with this key was accepted while this one's scenario was chosen: this is its retry.
            await ReplayAsync(exchange, idempotencyKey!, acceptedMeanwhile).ConfigureAwait(false);
            return;
        }

        _notifications.Add(notification);
        EmulatorLog.Accepted(_logger, notification.NotificationId, notification.UserId, scenario, UriUserInfo.Masked(notification.CallbackUrl));
        var plan = CallbackPlan.For(notification, scenario, _options.EventInterval, _options.Faults.ShuffleCallbacks);
        var firstCallbackDone = _scheduler.Start(plan, _stopping);
        if (_options.Faults.CallbackBeforeResponse)
        {
            try
            {
                await firstCallbackDone.WaitAsync(exchange.Context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (exchange.Context.RequestAborted.IsCancellationRequested)
            {
                // The caller went away while its first callback was out. The notification stands (its key replays
                // it), so the request is recorded with the 202 it would have got, as a lost answer is.
                _requests.Add(exchange.ToRecord(StatusCodes.Status202Accepted, notification.NotificationId, isReplay: false));
                return;
            }
        }

        await AnswerAcceptedAsync(exchange, answer.Body, notification.NotificationId, isReplay: false).ConfigureAwait(false);
    }

    private EmulatorScenario ChooseScenario(EmulatedNotification notification)
    {
        var scenario = _options.ScenarioSelector is { } select
            ? select(notification)
            : ScenarioConvention.FromUserId(notification.UserId) ?? _options.DefaultScenario;
        return Enum.IsDefined(scenario)
            ? scenario
            : throw new InvalidOperationException($"The scenario selector returned {scenario}, which is not an EmulatorScenario.");
    }

    private Task RefuseAsync(NotifyExchange exchange, ApiError error)
    {
        // The headers HTTP asks of these statuses (RFC 9110), on a genuine refusal and an injected one alike.
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            exchange.Context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        else if (error.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            exchange.Context.Response.Headers.Allow = "POST";
        }

        EmulatorLog.Refused(_logger, exchange.Context.Request.Method, exchange.Context.Request.Path.ToString(), error.StatusCode, error.Code);
        return AnswerAsync(exchange, error.StatusCode, WireJson.Error(error), notificationId: null, isReplay: false);
    }

    private async Task AnswerAcceptedAsync(NotifyExchange exchange, byte[] body, string notificationId, bool isReplay)
    {
        var loseIt = _options.Faults.LoseFirstNotifyAnswers > 0
            && Interlocked.Increment(ref _acceptedAnswers) <= _options.Faults.LoseFirstNotifyAnswers;
        await AnswerAsync(exchange, StatusCodes.Status202Accepted, body, notificationId, isReplay, loseIt).ConfigureAwait(false);
    }

    private async Task AnswerAsync(NotifyExchange exchange, int statusCode, byte[] body, string? notificationId, bool isReplay, bool loseIt = false)
    {
        _requests.Add(exchange.ToRecord(statusCode, notificationId, isReplay));
        var response = exchange.Context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (!loseIt)
        {
            await response.Body.WriteAsync(body, exchange.Context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The headers and half the body go out before the connection is cut: a pooled connection closed before
        // any byte of an answer may be resent by HttpClient itself, and the loss would never reach the caller.
        EmulatorLog.AnswerLost(_logger, notificationId!, exchange.RequestId);
        await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), exchange.Context.RequestAborted).ConfigureAwait(false);
        await response.Body.FlushAsync(exchange.Context.RequestAborted).ConfigureAwait(false);
        exchange.Context.Abort();
    }
}
