using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.Diagnostics;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

public class TelemetryTests
{
    [Fact]
    public async Task The_secret_key_appears_in_no_log_exception_or_description()
    {
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace));
        using var bed = new NotifyTestBed(o => o.AdditionalSecretKeys.Add("sk_old_rotated_key"), loggerFactory);
        bed.RespondInOrder(
            NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable),
            NotifyTestBed.Accepted,
            _ => NotifyTestBed.Json(HttpStatusCode.Unauthorized, """{"error":{"type":"authentication_error","code":"bad_key","message":"The key is not valid."}}"""));

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        bed.Time.Advance(await bed.Time.NextTimerAsync());
        await call;
        var refused = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        var logs = collector.GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Warning && r.Message.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Message.Contains("ntf_abc123def456", StringComparison.Ordinal));
        var everything = string.Join("\n", logs.Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])))
            + refused + bed.Options + bed.Options.ToString();
        Assert.DoesNotContain(NotifyTestBed.SecretKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_old_rotated_key", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Intent", string.Join("\n", logs.Where(r => r.Level >= LogLevel.Information).Select(r => r.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_hide_the_key_from_the_debugger()
    {
        var display = typeof(SmoovenClientOptions).GetCustomAttributes(typeof(DebuggerDisplayAttribute), false).Cast<DebuggerDisplayAttribute>().Single();
        var browsable = typeof(SmoovenClientOptions).GetProperty(nameof(SmoovenClientOptions.SecretKey))!
            .GetCustomAttributes(typeof(DebuggerBrowsableAttribute), false).Cast<DebuggerBrowsableAttribute>().Single();

        Assert.Equal("{ToString(),nq}", display.Value);
        Assert.Equal(DebuggerBrowsableState.Never, browsable.State);
        Assert.Contains("SecretKey = (set)", new SmoovenClientOptions { SecretKey = "sk_live_x" }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_describe_addresses_without_the_password_they_hold()
    {
        // A callback URL may carry the webhook's own basic-auth credentials, and the debugger shows this text.
        var options = new SmoovenClientOptions
        {
            SecretKey = "sk_live_x",
            BaseAddress = new Uri("https://agent:hunter2@gateway.example/smooven/"),
            DefaultCallbackUrl = new Uri("https://hook:s3cret@agent.example/webhooks/smooven"),
        };

        var description = options.ToString();

        Assert.DoesNotContain("hunter2", description, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", description, StringComparison.Ordinal);
        Assert.Contains("BaseAddress = https://***@gateway.example/smooven/", description, StringComparison.Ordinal);
        Assert.Contains("DefaultCallbackUrl = https://***@agent.example/webhooks/smooven", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_report_sent_notifications_retries_and_failures()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var sent = new MetricCollector<long>(meterFactory, SmoovenTelemetry.Name, "smooven.client.notifications.sent");
        using var retries = new MetricCollector<long>(meterFactory, SmoovenTelemetry.Name, "smooven.client.notify.retries");
        using var failures = new MetricCollector<long>(meterFactory, SmoovenTelemetry.Name, "smooven.client.notify.failures");
        var mock = new MockHttpMessageHandler();
        var attempts = 0;
        mock.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(_ => Interlocked.Increment(ref attempts) switch
        {
            1 => new HttpResponseMessage(HttpStatusCode.BadGateway),
            2 => NotifyTestBed.Accepted(null!),
            _ => new HttpResponseMessage(HttpStatusCode.BadRequest),
        });
        var options = new SmoovenClientOptions { SecretKey = "sk", RetryBaseDelay = TimeSpan.Zero };
        using var client = new SmoovenClient(mock.ToHttpClient(), options, null, null, null, SmoovenMetrics.Create(meterFactory), null);

        await client.NotifyAsync(NotifyTestBed.Reminder());
        await Assert.ThrowsAsync<SmoovenApiException>(() => client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(1, sent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, retries.GetMeasurementSnapshot().EvaluateAsCounter());
        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("400", failure.Tags["error.type"]);
    }

    [Fact]
    public async Task Each_notify_is_an_activity_carrying_the_notification_id()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SmoovenTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (stopped) { stopped.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        using var parent = new Activity("test-parent").Start();

        await bed.Client.NotifyAsync(NotifyTestBed.Reminder());

        Activity notify;
        lock (stopped)
        {
            notify = Assert.Single(stopped, a => a.ParentId == parent.Id);
        }

        Assert.Equal("Smooven.Notify", notify.OperationName);
        Assert.Equal(ActivityKind.Client, notify.Kind);
        Assert.Equal("ntf_abc123def456", notify.GetTagItem("smooven.notification_id"));
        Assert.Equal(202, notify.GetTagItem("http.response.status_code"));
    }
}
