using AgentQuickstart;

namespace Smooven.Client.Testing.Tests.Samples;

public class AgentQuickstartTests
{
    private static readonly QuickstartSettings Instant = new() { EmulatorEventInterval = TimeSpan.Zero };

    [Fact]
    public async Task With_no_settings_it_reminds_sarah_through_the_emulator_and_exits_0()
    {
        var (exitCode, text) = await RunAsync(Instant);

        Assert.Equal(0, exitCode);
        Assert.Contains("Using the Smooven emulator at http://127.0.0.1:", text, StringComparison.Ordinal);
        Assert.Contains("Sending \"Remind Sarah about her appointment\" to sarah@example.com", text, StringComparison.Ordinal);
        Assert.Matches(@"\+\d+\.\d s  notification\.delivered via sms", text); // live progress
        Assert.Matches(@"Timeline of ntf_[a-z0-9]{12}:", text);
        Assert.Matches(@"\d\d:\d\d:\d\d  notification\.queued +sms\s+\d\d:\d\d:\d\d  notification\.sent +sms\s+\d\d:\d\d:\d\d  notification\.delivered +sms", text);
        Assert.Contains("Outcome: delivered via sms.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sarah+failed@example.com", "Outcome: failed via sms.")]
    [InlineData("sarah+fallback-failed@example.com", "Outcome: failed via email.")]
    public async Task A_failed_delivery_exits_1_and_says_so(string userId, string outcome)
    {
        var (exitCode, text) = await RunAsync(Instant with { UserId = userId });

        Assert.Equal(1, exitCode);
        Assert.Contains(outcome, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sarah+fallback@example.com", "notification.fallback")]
    [InlineData("sarah+opened@example.com", "Note: this story goes on past delivery; add --until opened (or SMOOVEN_UNTIL=opened)")]
    [InlineData("sarah+clicked@example.com", "add --until clicked (or SMOOVEN_UNTIL=clicked)")]
    public async Task A_story_delivered_by_email_exits_0_and_says_what_else_to_know(string userId, string expected)
    {
        var (exitCode, text) = await RunAsync(Instant with { UserId = userId });

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("Outcome: delivered via email.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_times_out_and_exits_1()
    {
        var (exitCode, text) = await RunAsync(Instant with { UserId = "sarah+silence@example.com", Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(1, exitCode);
        Assert.Matches(@"No callback came for ntf_[a-z0-9]{12} within 0\.3 s\.", text);
        Assert.DoesNotContain("Timeline of", text, StringComparison.Ordinal);
        Assert.Contains("Outcome: timed out. No delivered or failed arrived in time", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("opened", "Outcome: opened via email.")]
    [InlineData("clicked", "Outcome: clicked via email.")]
    public async Task Until_opened_or_clicked_waits_past_delivery_and_exits_0(string until, string outcome)
    {
        var (exitCode, text) = await RunAsync(Instant.WithArguments(["--until", until]) with { UserId = $"sarah+{until}@example.com" });

        Assert.Equal(0, exitCode);
        Assert.Contains($"waiting up to 30 s for {until} or failed", text, StringComparison.Ordinal);
        Assert.Matches($@"\+\d+\.\d s  notification\.{until} via email", text); // its progress line printed before the summary
        Assert.Contains(outcome, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Note:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_for_opened_on_a_story_that_stops_at_delivery_times_out_and_exits_1()
    {
        var (exitCode, text) = await RunAsync(Instant with { Until = "opened", Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.Equal(1, exitCode);
        Assert.Contains("notification.delivered", text, StringComparison.Ordinal);
        Assert.Contains("Outcome: timed out. No opened or failed arrived in time", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tag_warns_and_lists_the_known_tags()
    {
        var (exitCode, text) = await RunAsync(Instant with { UserId = "sarah+holiday@example.com" });

        Assert.Equal(0, exitCode);
        Assert.Contains("Warning: the emulator knows no tag '+holiday'", text, StringComparison.Ordinal);
        Assert.All(SmoovenEmulator.ScenarioTags, tag => Assert.Contains("+" + tag, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--until", "read" }, "--until (or SMOOVEN_UNTIL) must be one of delivered, opened, clicked, not 'read'.")]
    [InlineData(new[] { "--until=never" }, "not 'never'")]
    [InlineData(new[] { "--wait" }, "Unknown argument '--wait'.")]
    public async Task A_bad_argument_is_refused_with_exit_2_before_anything_is_sent(string[] args, string message)
    {
        var (exitCode, text) = await RunAsync(Instant.WithArguments(args));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Smooven_until_chooses_what_to_wait_for_and_the_argument_wins()
    {
        var before = Environment.GetEnvironmentVariable("SMOOVEN_UNTIL");
        try
        {
            Environment.SetEnvironmentVariable("SMOOVEN_UNTIL", "clicked");

            Assert.Equal(CallbackEvent.Clicked, QuickstartSettings.FromEnvironment([]).UntilEvent);
            Assert.Equal(CallbackEvent.Opened, QuickstartSettings.FromEnvironment(["--until", "opened"]).UntilEvent);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SMOOVEN_UNTIL", before);
        }
    }

    [Theory]
    [InlineData("sk_live_x", null, "SMOOVEN_CALLBACK_URL")]
    [InlineData(null, "https://example.com/webhooks/smooven", "SMOOVEN_SECRET_KEY")]
    public async Task Half_of_the_real_settings_is_refused_with_exit_2_before_anything_is_sent(string? key, string? callbackUrl, string missing)
    {
        var (exitCode, text) = await RunAsync(Instant with { SecretKey = key, CallbackUrl = callbackUrl is null ? null : new Uri(callbackUrl) });

        Assert.Equal(2, exitCode);
        Assert.Contains(missing + " is not", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_and_callback_url_it_talks_to_the_given_service_instead_of_its_own_emulator()
    {
        // A stand-in for the real service: the quickstart must not start an emulator of its own.
        await using var service = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { SecretKey = "sk_test_real_service" });
        var port = FreeLoopbackPort();

        var (exitCode, text) = await RunAsync(Instant with
        {
            SecretKey = "sk_test_real_service",
            BaseAddress = service.BaseAddress,
            ListenUrl = new Uri($"http://127.0.0.1:{port}"),
            CallbackUrl = new Uri($"http://127.0.0.1:{port}/hooks/from-tunnel"),
        });

        Assert.Equal(0, exitCode);
        Assert.Contains($"Using Smooven at {service.BaseAddress}", text, StringComparison.Ordinal);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/hooks/from-tunnel"), service.Notifications.Single().CallbackUrl);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Text)> RunAsync(QuickstartSettings settings)
    {
        using var output = new StringWriter();
        var exitCode = await QuickstartAgent.RunAsync(output, settings);
        return (exitCode, output.ToString());
    }
}
