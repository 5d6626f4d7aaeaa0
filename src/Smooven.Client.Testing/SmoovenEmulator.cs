using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smooven.Client.Testing.Callbacks;
using Smooven.Client.Testing.Diagnostics;
using Smooven.Client.Testing.Hosting;
using Smooven.Client.Testing.Notify;
using Smooven.Client.Testing.Recording;
using Smooven.Client.Testing.Scenarios;
using Smooven.Client.Testing.Wire;

namespace Smooven.Client.Testing;

/// <summary>
/// An in-process Smooven on 127.0.0.1 that speaks the wire contract: it accepts
/// <c>POST /v1/agent/notify</c> and sends signed status callbacks to the callback URL following a
/// scenario, retried on the service's schedule. It records every request and callback attempt
/// for assertions. Point a <see cref="SmoovenClient"/> at <see cref="BaseAddress"/> with
/// <see cref="SecretKey"/>.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await SmoovenEmulator.StartAsync();
/// var client = new SmoovenClient(new SmoovenClientOptions { SecretKey = emulator.SecretKey, BaseAddress = emulator.BaseAddress });
/// </code>
/// </example>
public sealed class SmoovenEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _callbackClient;
    private readonly CancellationTokenSource _stopping;
    private readonly BackgroundWork _work;
    private readonly Recorder<RecordedNotifyRequest> _requests;
    private readonly Recorder<EmulatedNotification> _notifications;
    private readonly Recorder<CallbackAttempt> _callbackAttempts;
    private int _disposed;

    private SmoovenEmulator(
        WebApplication app,
        Uri baseAddress,
        string secretKey,
        HttpClient callbackClient,
        CancellationTokenSource stopping,
        BackgroundWork work,
        Recorder<RecordedNotifyRequest> requests,
        Recorder<EmulatedNotification> notifications,
        Recorder<CallbackAttempt> callbackAttempts)
    {
        _app = app;
        BaseAddress = baseAddress;
        SecretKey = secretKey;
        _callbackClient = callbackClient;
        _stopping = stopping;
        _work = work;
        _requests = requests;
        _notifications = notifications;
        _callbackAttempts = callbackAttempts;
    }

    /// <summary>The emulator's address, such as <c>http://127.0.0.1:49731/</c>: use it as
    /// <see cref="SmoovenClientOptions.BaseAddress"/>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key notify requests must carry as <c>Authorization: Bearer ...</c>, and that
    /// callbacks are signed with: use it as <see cref="SmoovenClientOptions.SecretKey"/>.</summary>
    public string SecretKey { get; }

    /// <summary>A snapshot of the requests the notify endpoint received, answered or refused, in the order they
    /// were answered (each one's <see cref="RecordedNotifyRequest.ReceivedAt"/> says when it arrived; with a callback sent before the answer,
    /// a later request can be answered first): every one, up to the most recent
    /// <see cref="SmoovenEmulatorOptions.MaxRecordedItems"/>.</summary>
    public IReadOnlyList<RecordedNotifyRequest> Requests => _requests.Snapshot();

    /// <summary>A snapshot of the notifications accepted, in order; replays are not repeated. It holds
    /// the most recent <see cref="SmoovenEmulatorOptions.MaxRecordedItems"/>.</summary>
    public IReadOnlyList<EmulatedNotification> Notifications => _notifications.Snapshot();

    /// <summary>A snapshot of the callback POSTs made, with the receiver's answer, in the order they ended:
    /// every one, up to the most recent <see cref="SmoovenEmulatorOptions.MaxRecordedItems"/>.</summary>
    public IReadOnlyList<CallbackAttempt> CallbackAttempts => _callbackAttempts.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="options">Port, key, clock, scenarios and faults; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="IOException">The port is in use.</exception>
    public static async Task<SmoovenEmulator> StartAsync(SmoovenEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SmoovenEmulatorOptions();
        options.Validate();
        var secretKey = options.SecretKey ?? Ids.NewSecretKey();
        ILogger logger = options.LoggerFactory?.CreateLogger<SmoovenEmulator>() ?? NullLogger<SmoovenEmulator>.Instance;

        var stopping = new CancellationTokenSource();
        var work = new BackgroundWork();
        var requests = new Recorder<RecordedNotifyRequest>(options.MaxRecordedItems);
        var notifications = new Recorder<EmulatedNotification>(options.MaxRecordedItems);
        var callbackAttempts = new Recorder<CallbackAttempt>(options.MaxRecordedItems);

        // The callback timeout is ours, on the TimeProvider; the HttpClient must not add its own.
        var callbackClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        callbackClient.DefaultRequestHeaders.UserAgent.ParseAdd("Smooven-Emulator/1.0");

        var sender = new CallbackSender(callbackClient, secretKey, options.TimeProvider, options.CallbackTimeout);
        var delivery = new CallbackDelivery(
            sender, [.. options.CallbackRetryDelays], options.Faults.DuplicateCallbacks, options.TimeProvider, callbackAttempts, logger);
        var scheduler = new CallbackScheduler(delivery, work, options.EventInterval, options.TimeProvider, logger);
        var endpoint = new NotifyEndpoint(options, secretKey, scheduler, requests, notifications, logger, stopping.Token);

        try
        {
            var (app, baseAddress) = await LoopbackHost.StartAsync(options.Port, endpoint.HandleAsync, cancellationToken).ConfigureAwait(false);
            EmulatorLog.Started(logger, baseAddress);
            return new SmoovenEmulator(app, baseAddress, secretKey, callbackClient, stopping, work, requests, notifications, callbackAttempts);
        }
        catch
        {
            callbackClient.Dispose();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The scenario a <c>user_id</c> asks for by its tag, or null when it has none: the part after
    /// the last <c>+</c>, up to the <c>@</c> of an email address or the end, so a phone number can
    /// carry one too (<c>+61400000000+failed</c>).
    /// <c>+delivered</c>, <c>+failed</c>, <c>+fallback</c> (then delivered), <c>+fallback-failed</c>,
    /// <c>+opened</c> or <c>+clicked</c> (delivered, opened, clicked) and <c>+silence</c>;
    /// <c>sarah@example.com</c> has no tag.
    /// </summary>
    /// <param name="userId">The <c>context.user_id</c> of a notify request, such as <c>sarah+failed@example.com</c>.</param>
    /// <returns>The scenario, or null.</returns>
    public static EmulatorScenario? ScenarioFromUserId(string? userId) => ScenarioConvention.FromUserId(userId);

    /// <summary>
    /// Every tag <see cref="ScenarioFromUserId"/> knows, without the <c>+</c>, in a stable order
    /// (<c>delivered</c>, <c>failed</c>, <c>fallback</c>, ...), for help texts and warnings.
    /// </summary>
    public static IReadOnlyList<string> ScenarioTags => ScenarioConvention.Tags;

    /// <summary>Waits until at least <paramref name="count"/> callback attempts have ended (answered, refused or timed out).</summary>
    /// <param name="count">The number of attempts, duplicates and retries included, counted since the start
    /// (attempts beyond <see cref="SmoovenEmulatorOptions.MaxRecordedItems"/> count too).</param>
    /// <param name="cancellationToken">Stops waiting; pair it with a timeout, or use <c>.WaitAsync(TimeSpan)</c>.</param>
    /// <returns>A snapshot of the attempts at that moment, as <see cref="CallbackAttempts"/>.</returns>
    public Task<IReadOnlyList<CallbackAttempt>> WaitForCallbackAttemptsAsync(int count, CancellationToken cancellationToken = default) =>
        _callbackAttempts.WaitForCountAsync(count, cancellationToken);

    /// <summary>Waits until the callback attempts so far meet a condition.</summary>
    /// <param name="condition">Checked on a snapshot after each attempt ends, never under a lock. If it throws, the
    /// wait fails with that exception; the emulator carries on.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The snapshot that met the condition.</returns>
    /// <example><code>await emulator.WaitForCallbackAttemptsAsync(a => a.Any(x => x.Event == CallbackEvent.Delivered &amp;&amp; x.IsAcknowledged));</code></example>
    public Task<IReadOnlyList<CallbackAttempt>> WaitForCallbackAttemptsAsync(Func<IReadOnlyList<CallbackAttempt>, bool> condition, CancellationToken cancellationToken = default) =>
        _callbackAttempts.WaitForAsync(condition, cancellationToken);

    /// <summary>Waits until at least <paramref name="count"/> notify requests have been answered.</summary>
    /// <param name="count">The number of requests, refused ones included, counted since the start
    /// (requests beyond <see cref="SmoovenEmulatorOptions.MaxRecordedItems"/> count too).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A snapshot of the requests at that moment, as <see cref="Requests"/>.</returns>
    public Task<IReadOnlyList<RecordedNotifyRequest>> WaitForRequestsAsync(int count, CancellationToken cancellationToken = default) =>
        _requests.WaitForCountAsync(count, cancellationToken);

    /// <summary>Waits until no callback is in flight or due for a retry. With a fake clock, a
    /// pending retry keeps the emulator busy until the clock is advanced past it.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when idle.</returns>
    public Task WaitForIdleAsync(CancellationToken cancellationToken = default) => _work.WhenIdleAsync(cancellationToken);

    /// <summary>Stops listening and drops the callbacks still due. Pending waits fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _work.FailPendingIdleWait(); // before cancelling: the cancelled work would otherwise end in "idle"
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _work.WhenAllAsync().ConfigureAwait(false);
        using (var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(shutdown.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _callbackClient.Dispose();
        _stopping.Dispose();
        _requests.Close();
        _notifications.Close();
        _callbackAttempts.Close();
    }
}
