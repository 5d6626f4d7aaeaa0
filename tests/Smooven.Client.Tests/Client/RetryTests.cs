using System.Net;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

public class RetryTests
{
    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_statuses_are_retried_under_the_same_idempotency_key(HttpStatusCode status)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Status(status), NotifyTestBed.Accepted);

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        await AdvanceThroughNextDelayAsync(bed);
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ntf_abc123def456", response.NotificationId);
        Assert.Equal(2, bed.Requests.Count);
        Assert.Single(bed.Requests.Select(r => r.Headers.GetValues("Idempotency-Key").Single()).Distinct());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task Other_failures_are_never_retried(HttpStatusCode status)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Status(status), NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(bed.Requests);
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_and_report_the_last_answer()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 2);
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable));

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        await AdvanceThroughNextDelayAsync(bed);
        await AdvanceThroughNextDelayAsync(bed);
        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, bed.Requests.Count);
    }

    [Fact]
    public async Task Connection_failures_are_retried()
    {
        using var bed = new NotifyTestBed();
        var attempts = 0;
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            return Interlocked.Increment(ref attempts) == 1
                ? throw NotifyTestBed.ConnectionRefused()
                : Task.FromResult(NotifyTestBed.Accepted(request));
        });

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        await AdvanceThroughNextDelayAsync(bed);

        Assert.Equal("ntf_abc123def456", (await call.WaitAsync(TimeSpan.FromSeconds(10))).NotificationId);
        Assert.Equal(2, bed.Requests.Count);
    }

    [Theory]
    [InlineData(nameof(InvalidOperationException))]
    [InlineData(nameof(FormatException))]
    [InlineData(nameof(HttpRequestException))]
    public async Task A_local_failure_no_retry_can_fix_is_attempted_once(string kind)
    {
        Exception failure = kind switch
        {
            nameof(InvalidOperationException) => new InvalidOperationException("The handler was misconfigured."),
            nameof(FormatException) => new FormatException("The header value is invalid."),

            // What SocketsHttpHandler throws for a non-ASCII header value, before a byte is sent.
            _ => new HttpRequestException("Request headers must contain only ASCII characters."),
        };
        using var bed = new NotifyTestBed();
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            throw failure;
        });

        var error = await Record.ExceptionAsync(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Same(failure, error is SmoovenException ? error.InnerException : error);
        Assert.DoesNotContain("Could not reach", error!.Message, StringComparison.Ordinal);
        Assert.Single(bed.Requests);
    }

    [Fact]
    public async Task An_answer_that_is_not_http_is_not_retried_and_not_called_unsent()
    {
        // What SocketsHttpHandler throws when something other than an HTTP server answers: the request did go out.
        using var bed = new NotifyTestBed();
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "Received an invalid status line: 'HELLO THERE'.");
        });

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(
            "The notify request to https://api.smooven.io/v1/agent/notify failed in a way that trying again would not fix, so it was not retried: " +
            "Received an invalid status line: 'HELLO THERE'. Smooven may have received it: to try again without risking a second " +
            $"notification, send the same request with NotifyRequest.IdempotencyKey = \"{error.IdempotencyKey}\".",
            error.Message);
        Assert.Single(bed.Requests);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_waited_out_exactly()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => WithRetryAfter(HttpStatusCode.TooManyRequests, r => r.Headers.Add("Retry-After", "10")), NotifyTestBed.Accepted);

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        var delay = await bed.Time.NextTimerAsync();
        bed.Time.Advance(TimeSpan.FromSeconds(9.9));

        Assert.Equal(TimeSpan.FromSeconds(10), delay);
        Assert.Single(bed.Requests);
        bed.Time.Advance(TimeSpan.FromSeconds(0.1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, bed.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        using var bed = new NotifyTestBed();
        var retryAt = bed.Time.GetUtcNow().AddSeconds(20);
        bed.RespondInOrder(_ => WithRetryAfter(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new(retryAt)), NotifyTestBed.Accepted);

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        var delay = await bed.Time.NextTimerAsync();
        bed.Time.Advance(delay);
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(20), delay);
        Assert.Equal(2, bed.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_beyond_the_cap_fails_at_once_with_the_delay_reported()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetryAfter = TimeSpan.FromSeconds(60));
        bed.RespondInOrder(_ => WithRetryAfter(HttpStatusCode.TooManyRequests, r => r.Headers.Add("Retry-After", "120")), NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Contains("Retry after 120 s", error.Message, StringComparison.Ordinal);
        Assert.Single(bed.Requests);
    }

    [Theory]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("99999999999999999999", null)]
    public async Task Retry_after_beyond_the_integer_range_is_over_the_cap_and_fails_at_once(string header, long? expectedSeconds)
    {
        using var bed = new NotifyTestBed(o => o.MaxRetryAfter = TimeSpan.FromSeconds(60));
        bed.RespondInOrder(_ => WithRetryAfter(HttpStatusCode.TooManyRequests, r => r.Headers.TryAddWithoutValidation("Retry-After", header)), NotifyTestBed.Accepted);

        // A call that backs off instead waits on the fake clock, which never moves here.
        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()).WaitAsync(TimeSpan.FromSeconds(10)));

        // A value too large for TimeSpan is reported as TimeSpan.MaxValue: longer than any cap.
        var expected = expectedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
        Assert.Equal(expected, error.RetryAfter);
        Assert.Single(bed.Requests);
    }

    [Fact]
    public async Task Cancellation_during_a_backoff_stops_at_once()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable), NotifyTestBed.Accepted);
        using var cancellation = new CancellationTokenSource();

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder(), cancellation.Token);
        await bed.Time.NextTimerAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(bed.Requests);
    }

    [Fact]
    public async Task Backoff_without_retry_after_is_jittered_within_the_cap()
    {
        using var bed = new NotifyTestBed(o => o.RetryBaseDelay = TimeSpan.FromSeconds(1));
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable));

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        var delays = new List<TimeSpan>();
        for (var retry = 0; retry < 3; retry++)
        {
            delays.Add(await AdvanceThroughNextDelayAsync(bed));
        }

        // Jitter is random by design, so only its bounds are asserted: never zero, never past the cap.
        await Assert.ThrowsAsync<SmoovenApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60)));
        Assert.Equal(4, bed.Requests.Count);
    }

    [Fact]
    public async Task Zero_max_retries_turns_retries_off()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable), NotifyTestBed.Accepted);

        await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Single(bed.Requests);
    }

    private static async Task<TimeSpan> AdvanceThroughNextDelayAsync(NotifyTestBed bed)
    {
        var delay = await bed.Time.NextTimerAsync();
        bed.Time.Advance(delay);
        return delay;
    }

    private static HttpResponseMessage WithRetryAfter(HttpStatusCode status, Action<HttpResponseMessage> setHeader)
    {
        var response = new HttpResponseMessage(status);
        setHeader(response);
        return response;
    }
}
