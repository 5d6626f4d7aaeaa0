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
        Assert.Contains("SmoovenClientOptions.SignatureTolerance (00:05:00)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Set DuplicateWindow to at least SignatureTolerance", warning.Message, StringComparison.Ordinal);
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
}
