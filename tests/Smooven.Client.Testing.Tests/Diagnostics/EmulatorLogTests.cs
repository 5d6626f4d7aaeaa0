using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Diagnostics;

/// <summary>What the emulator writes to a user's logs, which may be shared with a team or a CI page.</summary>
public class EmulatorLogTests
{
    [Fact]
    public async Task A_callback_url_is_logged_with_its_user_name_and_password_masked()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { LoggerFactory = loggerFactory });
        using var client = Emulated.ClientFor(emulator);
        var callbackUrl = new UriBuilder(receiver.Url) { UserName = "hook", Password = "s3cret-pass" }.Uri;

        var accepted = await client.NotifyAsync(Emulated.Reminder(callbackUrl));
        await receiver.WaitForCountAsync(1);

        var records = logs.Collector.GetSnapshot();
        var acceptedLine = Assert.Single(records, r => r.Id.Id == 2002).Message;
        Assert.Contains(accepted.NotificationId, acceptedLine, StringComparison.Ordinal);
        Assert.Contains($"callbacks to http://***@127.0.0.1:{receiver.Url.Port}/webhooks/smooven", acceptedLine, StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.Message.Contains("s3cret-pass", StringComparison.Ordinal) || r.Message.Contains("hook:", StringComparison.Ordinal));
    }
}
