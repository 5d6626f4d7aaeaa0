using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Testing.Tests.Support;
using WebhookReceiver;

namespace Smooven.Client.Testing.Tests.Samples;

public class WebhookReceiverTests
{
    [Fact]
    public async Task The_receiver_logs_each_verified_callback_as_a_timeline_line_and_the_outcome()
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.FallbackThenDelivered });
        await using var app = ReceiverApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Smooven:SecretKey"] = emulator.SecretKey;
            builder.Logging.ClearProviders().AddFakeLogging();
        });
        await app.StartAsync();
        using var client = Emulated.ClientFor(emulator);

        var accepted = await client.NotifyAsync(Emulated.Reminder(new Uri(new Uri(app.Urls.First()), "/webhooks/smooven")));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.All(emulator.CallbackAttempts, a => Assert.Equal(200, a.StatusCode));
        var lines = app.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Category == typeof(TimelineLogger).FullName)
            .Select(r => r.Message)
            .ToList();
        Assert.Equal(6, lines.Count);
        Assert.All(lines, line => Assert.StartsWith(accepted.NotificationId, line, StringComparison.Ordinal));
        Assert.Matches(@"notification\.fallback +via sms +at \d\d:\d\d:\d\d", lines[2]);
        Assert.Matches(@"notification\.delivered +via email", lines[4]);
        Assert.EndsWith("settled: delivered", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_receiver_refuses_callbacks_signed_with_another_key()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        await using var app = ReceiverApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Smooven:SecretKey"] = "sk_test_someone_else";
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(new Uri(new Uri(app.Urls.First()), "/webhooks/smooven")));
        var first = await emulator.WaitForCallbackAttemptsAsync(1).WaitAsync(Emulated.Patience);

        Assert.Equal(401, first[0].StatusCode);
    }
}
