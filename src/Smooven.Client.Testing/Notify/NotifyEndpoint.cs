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
    private readonly Recorder<EmulatedNotification> _notifications;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly NotifyAcceptance _acceptance;
    private readonly NotifyAnswers _answers;
    private int _authenticatedRequests;

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
        _notifications = notifications;
        _logger = logger;
        _stopping = stopping;
        _acceptance = new NotifyAcceptance(options.MaxRememberedIdempotencyKeys);
        _answers = new NotifyAnswers(options.Faults, requests, logger);
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
            await _answers.RefuseAsync(exchange, new ApiError(404, "invalid_request", "not_found", $"There is no {context.Request.Method} {context.Request.Path}. The emulator serves POST {NotifyPath}.")).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await _answers.RefuseAsync(exchange, new ApiError(405, "invalid_request", "method_not_allowed", $"{NotifyPath} only accepts POST.")).ConfigureAwait(false);
            return;
        }

        if (!await exchange.TryReadBodyAsync(MaxBodyBytes).ConfigureAwait(false))
        {
            await _answers.RefuseAsync(exchange, new ApiError(413, "invalid_request", "request_too_large", $"The request body is over {MaxBodyBytes} bytes.")).ConfigureAwait(false);
            return;
        }

        if (FindAuthenticationError(context.Request) is { } authenticationError)
        {
            await _answers.RefuseAsync(exchange, authenticationError).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _authenticatedRequests) <= _options.Faults.RejectFirstNotifyRequests)
        {
            await _answers.RejectAsInjectedAsync(exchange).ConfigureAwait(false);
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
            await _answers.RefuseAsync(exchange, validationError!).ConfigureAwait(false);
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

    private async Task ReplayAsync(NotifyExchange exchange, string idempotencyKey, StoredAnswer stored)
    {
        if (!stored.Answers(exchange.Body.Span))
        {
            await _answers.RefuseAsync(exchange, ApiError.IdempotencyKeyReused(idempotencyKey)).ConfigureAwait(false);
            return;
        }

        EmulatorLog.Replayed(_logger, idempotencyKey, stored.NotificationId);
        exchange.Context.Response.Headers["Idempotent-Replayed"] = "true";
        await _answers.AcceptedAsync(exchange, stored.Body, stored.NotificationId, isReplay: true).ConfigureAwait(false);
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
            await _answers.RefuseAsync(exchange, new ApiError(500, "api_error", "scenario_selector_failed", $"SmoovenEmulatorOptions.ScenarioSelector threw {ex.GetType().Name}: {ex.Message}")).ConfigureAwait(false);
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
                _answers.RecordAcceptedUnanswered(exchange, notification.NotificationId);
                return;
            }
        }

        await _answers.AcceptedAsync(exchange, answer.Body, notification.NotificationId, isReplay: false).ConfigureAwait(false);
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
}
