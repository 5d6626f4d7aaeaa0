using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// A duplicate window shorter than the signature tolerance lets a captured delivery be replayed,
/// validly signed, after the window forgot it: the user is told once, when the endpoint is mapped.
/// </summary>
public class WebhookReplayGapTests
{
    private const int ReplayGapEventId = 2012;

    private static List<FakeLogRecord> ReplayGapWarnings(WebhookHost host) =>
        [.. host.Logs.GetSnapshot().Where(r => r.Id.Id == ReplayGapEventId)];

    private static Task<WebhookHost> StartAsync(TimeSpan duplicateWindow, string signatureTolerance = "00:05:00") =>
        WebhookHost.StartAsync(
            services => services.AddSmoovenWebhooks(o => o.DuplicateWindow = duplicateWindow),
            settings: new()
            {
                ["Smooven:SecretKey"] = SignatureVectors.SecretKey,
                ["Smooven:SignatureTolerance"] = signatureTolerance,
            });

    [Fact]
    public async Task A_window_shorter_than_the_tolerance_is_warned_of_once_naming_both_options_and_the_fix()
    {
        await using var host = await StartAsync(TimeSpan.FromMinutes(3));

        // Deliveries do not repeat the warning.
        await host.DeliverAsync(WebhookHost.Callback("ntf_gap"));

        var warning = Assert.Single(ReplayGapWarnings(host));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Smooven.Client.AspNetCore.Webhook", warning.Category);
        Assert.Contains("SmoovenWebhookOptions.DuplicateWindow (00:03:00)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("tolerance of the webhook's CallbackVerifier (00:05:00: SmoovenClientOptions.SignatureTolerance", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Set DuplicateWindow to at least that tolerance", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_leave_no_gap_and_log_nothing()
    {
        await using var host = await WebhookHost.StartAsync();

        Assert.Empty(ReplayGapWarnings(host));
    }

    [Theory]
    [InlineData(0, "00:05:00")] // zero is the documented way to turn duplicate detection off
    [InlineData(5, "00:05:00")] // a window as long as the tolerance outlives every valid signature
    [InlineData(3, "00:02:00")] // a lowered tolerance closes the gap too
    public async Task No_warning_when_the_window_is_off_or_covers_the_tolerance(int windowMinutes, string signatureTolerance)
    {
        await using var host = await StartAsync(TimeSpan.FromMinutes(windowMinutes), signatureTolerance);

        Assert.Empty(ReplayGapWarnings(host));
    }

    // A CallbackVerifier the app registers replaces AddSmoovenClient's, tolerance included: the warning follows
    // the tolerance the endpoint really checks signatures with, not SmoovenClientOptions.SignatureTolerance.
    private static Task<WebhookHost> StartWithOwnVerifierAsync(TimeSpan duplicateWindow, TimeSpan verifierTolerance, TimeProvider? clock = null) =>
        WebhookHost.StartAsync(services =>
        {
            services.AddSmoovenWebhooks(o => o.DuplicateWindow = duplicateWindow);
            services.AddSingleton(sp => new CallbackVerifier(SignatureVectors.SecretKey, verifierTolerance, sp.GetRequiredService<TimeProvider>()));
        });

    [Fact]
    public async Task A_registered_verifier_whose_tolerance_outlasts_the_window_is_warned_of_though_the_client_options_leave_no_gap()
    {
        // Default window 10 min, default SmoovenClientOptions.SignatureTolerance 5 min: no gap by the options.
        await using var host = await StartWithOwnVerifierAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));
        var body = System.Text.Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_old"));

        // The endpoint does check with the registered verifier: a delivery signed 20 minutes ago gets through.
        using var old = await host.PostAsync(body, CallbackSigner.CreateHeader(host.SecretKey, body, host.Clock.GetUtcNow().AddMinutes(-20)));

        Assert.Equal(System.Net.HttpStatusCode.OK, old.StatusCode);
        var warning = Assert.Single(ReplayGapWarnings(host));
        Assert.Contains("DuplicateWindow (00:10:00)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("CallbackVerifier (00:30:00", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_verifier_whose_tolerance_the_window_covers_gets_no_warning_though_the_client_options_would()
    {
        // A 3 min window is shorter than the client options' 5 min, but the verifier in force accepts only 2 min.
        await using var host = await StartWithOwnVerifierAsync(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2));

        Assert.Empty(ReplayGapWarnings(host));
    }
}
