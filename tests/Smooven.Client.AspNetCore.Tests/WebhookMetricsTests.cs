using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// Every request to the endpoint counts once in <c>smooven.client.webhook.callbacks</c>, by
/// outcome. Each test listens to its own host's meter factory only, so tests running side by
/// side do not hear each other.
/// </summary>
public class WebhookMetricsTests
{
    private static MetricCollector<long> CollectCallbacks(WebhookHost host) =>
        new(host.App.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", "smooven.client.webhook.callbacks");

    private static string[] Outcomes(MetricCollector<long> collector) =>
        [.. collector.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!)];

    [Fact]
    public async Task The_counter_is_on_the_Smooven_meter_with_a_unit_and_a_description()
    {
        await using var host = await WebhookHost.StartAsync();
        using var callbacks = CollectCallbacks(host);

        using var response = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instrument = Assert.IsType<Counter<long>>(callbacks.Instrument);
        Assert.Equal("Smooven.Client", instrument.Meter.Name);
        Assert.Equal("{callback}", instrument.Unit);
        Assert.Contains("webhook", instrument.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_handled_callback_and_its_retried_delivery_count_as_handled_then_duplicate()
    {
        await using var host = await WebhookHost.StartAsync();
        using var callbacks = CollectCallbacks(host);
        var body = SignatureVectors.BodyBytes;

        using var first = await host.PostAsync(body, SignatureVectors.Header);
        host.Clock.Advance(TimeSpan.FromSeconds(5)); // Smooven's retry, signed anew
        using var retry = await host.PostAsync(body, host.Sign(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(["handled", "duplicate"], Outcomes(callbacks));
        Assert.All(callbacks.GetMeasurementSnapshot(), m =>
        {
            Assert.Equal(1, m.Value);
            // Low cardinality: no notification id, nothing from the body or the header.
            Assert.Equal(["outcome"], m.Tags.Keys);
        });
    }

    [Theory]
    [InlineData(null, "missing_header")]
    [InlineData("v1=" + SignatureVectors.V1, "malformed_header")]
    [InlineData("t=1772697000,v1=" + SignatureVectors.V1, "timestamp_outside_tolerance")]
    [InlineData(SignatureVectors.HeaderOldKey, "no_matching_signature")] // another key
    public async Task A_refused_signature_counts_as_signature_refused_with_the_reason(string? header, string reason)
    {
        await using var host = await WebhookHost.StartAsync();
        using var callbacks = CollectCallbacks(host);

        using var response = await host.PostAsync(SignatureVectors.Body, header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var measurement = Assert.Single(callbacks.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("signature_refused", measurement.Tags["outcome"]);
        Assert.Equal(reason, measurement.Tags["reason"]);
        Assert.Equal(2, measurement.Tags.Count);
    }

    [Fact]
    public async Task An_oversized_body_counts_as_too_large_whether_its_length_is_declared_or_not()
    {
        await using var host = await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxBodySize = 1024));
        using var callbacks = CollectCallbacks(host);
        var over = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_big", extra: $",\"padding\":\"{new string('x', 1024)}\""));

        using var declared = await host.PostAsync(over, host.Sign(over));
        using var chunked = await host.SendAsync(new ChunkedContent(over), host.Sign(over));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(["too_large", "too_large"], Outcomes(callbacks));
        Assert.Equal(2, callbacks.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task A_validly_signed_body_that_is_not_a_callback_counts_as_not_a_callback()
    {
        await using var host = await WebhookHost.StartAsync();
        using var callbacks = CollectCallbacks(host);
        var body = Encoding.UTF8.GetBytes("not json at all");

        using var response = await host.PostAsync(body, host.Sign(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var measurement = Assert.Single(callbacks.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("not_a_callback", measurement.Tags["outcome"]);
    }

    [Fact]
    public async Task A_throwing_handler_counts_as_handler_failed_and_its_retry_as_handled()
    {
        await using var host = await WebhookHost.StartAsync();
        using var callbacks = CollectCallbacks(host);
        host.Recorder.Behaviour = (call, _, _) => call == 1 ? throw new InvalidOperationException("database down") : Task.CompletedTask;
        var body = WebhookHost.Callback("ntf_flaky");

        var first = await host.DeliverAsync(body);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var retry = await host.DeliverAsync(body);

        Assert.Equal(HttpStatusCode.InternalServerError, first);
        Assert.Equal(HttpStatusCode.OK, retry);
        Assert.Equal(["handler_failed", "handled"], Outcomes(callbacks));
    }

    [Fact]
    public async Task A_delivery_whose_caller_hangs_up_before_the_answer_counts_as_aborted() =>
        Assert.Equal(["aborted"], await OutcomesOfAHangUpAsync(requestAborted => Task.Delay(Timeout.Infinite, requestAborted)));

    [Fact]
    public async Task A_handler_that_fails_after_the_caller_hung_up_counts_as_aborted_not_as_an_unhandled_error() =>
        Assert.Equal(["aborted"], await OutcomesOfAHangUpAsync(async requestAborted =>
        {
            var hungUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (requestAborted.Register(() => hungUp.TrySetResult()))
            {
                await hungUp.Task;
            }

            throw new InvalidOperationException("the handler's database call failed as the request went away");
        }));

    // A connection reset while the body is on its way (Smooven gave up, a proxy cut it): the read threw
    // Kestrel's ConnectionResetException out of the endpoint, uncounted, and Kestrel logged it as an
    // unhandled exception of the application, at Error, twice with the failed drain.
    [Fact]
    public async Task A_caller_that_resets_the_connection_in_the_middle_of_the_body_counts_as_aborted_and_logs_no_error()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WebhookHost.StartAsync(configureApp: app => app.Use(next => context =>
        {
            started.TrySetResult();
            return next(context);
        }));
        using var callbacks = CollectCallbacks(host);
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_cut_mid_body"));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Client.BaseAddress!.Port);
        var head = $"POST /webhooks/smooven HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {body.Length}\r\n{CallbackVerifier.SignatureHeaderName}: {host.Sign(body)}\r\n\r\n";

        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        await tcp.GetStream().WriteAsync(body.AsMemory(0, body.Length / 2));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        tcp.Client.LingerState = new LingerOption(true, 0); // closes with a reset
        tcp.Client.Close();
        await callbacks.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        await host.App.StopAsync(); // waits for the connection's end, and whatever Kestrel logs for it

        Assert.Equal(["aborted"], Outcomes(callbacks));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(0, host.Recorder.Calls);
    }

    // The caller closes its side (FIN) with half the declared body sent: Kestrel's read ends with a
    // BadHttpRequestException (400, unexpected end of request content), which left the endpoint uncounted.
    [Fact]
    public async Task A_caller_that_closes_its_side_in_the_middle_of_the_body_counts_as_aborted_and_logs_no_error()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WebhookHost.StartAsync(configureApp: app => app.Use(next => context =>
        {
            started.TrySetResult();
            return next(context);
        }));
        using var callbacks = CollectCallbacks(host);
        using var tcp = await SendHalfABodyAsync(host, "ntf_closed_mid_body");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        tcp.Client.Shutdown(SocketShutdown.Send);
        await callbacks.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        await host.App.StopAsync();

        Assert.Equal(["aborted"], Outcomes(callbacks));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(0, host.Recorder.Calls);
    }

    // A body that stops arriving: after the grace period Kestrel's rate check (on its heartbeat, once a
    // second) fails the read with a BadHttpRequestException (408), which left the endpoint uncounted.
    // The smallest grace period Kestrel takes is just over its heartbeat: about 2 to 3 s of wall time.
    [Fact]
    public async Task A_body_slower_than_Kestrels_minimum_data_rate_counts_as_aborted_and_logs_no_error()
    {
        await using var host = await WebhookHost.StartAsync(services => services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(1.1))));
        using var callbacks = CollectCallbacks(host);
        using var tcp = await SendHalfABodyAsync(host, "ntf_slow_body");

        var answer = await new StreamReader(tcp.GetStream(), Encoding.ASCII).ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await callbacks.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        await host.App.StopAsync();

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Equal(["aborted"], Outcomes(callbacks));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(0, host.Recorder.Calls);
    }

    // Connects by hand and sends a signed delivery's head with half its declared body: HttpClient cannot stop there.
    private static async Task<TcpClient> SendHalfABodyAsync(WebhookHost host, string notificationId)
    {
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback(notificationId));
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, host.Client.BaseAddress!.Port);
            var head = $"POST /webhooks/smooven HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                $"Content-Length: {body.Length}\r\n{CallbackVerifier.SignatureHeaderName}: {host.Sign(body)}\r\n\r\n";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
            await tcp.GetStream().WriteAsync(body.AsMemory(0, body.Length / 2));
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    // Posts a delivery, hangs up once the handler has started, and returns the outcomes counted.
    private static async Task<string[]> OutcomesOfAHangUpAsync(Func<CancellationToken, Task> handler)
    {
        await using var host = await WebhookHost.StartAsync();
        using var callbacks = CollectCallbacks(host);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Recorder.Behaviour = async (_, _, requestAborted) =>
        {
            entered.TrySetResult();
            await handler(requestAborted);
        };
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_hang_up"));
        using var hangUp = new CancellationTokenSource();

        var delivery = host.PostAsync(body, host.Sign(body), cancellationToken: hangUp.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await hangUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);
        await callbacks.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        return Outcomes(callbacks);
    }
}
