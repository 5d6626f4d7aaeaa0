using System.Net;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

// When the client gives up after the request may have reached Smooven, a caller that simply calls again
// gets a new generated key, and a second notification if the first was accepted: the message gives the key.
public class LostAnswerTests
{
    private const string Advice = "Smooven may have received it: to try again without risking a second notification, " +
        "send the same request with NotifyRequest.IdempotencyKey = \"";

    [Fact]
    public async Task A_connection_lost_before_the_answer_gives_the_key_to_try_again_with()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        });

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        AssertMayHaveBeenAccepted(error, SentKey(bed));
    }

    [Fact]
    public async Task A_timeout_gives_the_key_to_try_again_with()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException());
        });

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        AssertMayHaveBeenAccepted(error, SentKey(bed));
    }

    [Theory]
    [InlineData(HttpRequestError.InvalidResponse, "Received an invalid status line: 'HELLO THERE'.")]
    [InlineData(HttpRequestError.ConfigurationLimitExceeded, "The HTTP response headers length exceeded the set limit of 65536 bytes.")]
    public async Task An_answer_that_cannot_be_read_as_http_gives_the_key_to_try_again_with(HttpRequestError kind, string message)
    {
        // SocketsHttpHandler throws these on reading the answer, so after the request went out: not retried,
        // as a retry would get the same answer, but Smooven (behind whatever answered) may have taken it.
        using var bed = new NotifyTestBed();
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            throw new HttpRequestException(kind, message);
        });

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        AssertMayHaveBeenAccepted(error, SentKey(bed));
    }

    [Fact]
    public async Task A_request_refused_before_it_was_sent_says_it_was_not_accepted()
    {
        // What SocketsHttpHandler throws for a non-ASCII header value, before a byte is sent.
        using var bed = new NotifyTestBed();
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            throw new HttpRequestException("Request headers must contain only ASCII characters.");
        });

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.False(error.MayHaveBeenAccepted);
        Assert.DoesNotContain("may have received it", error.Message, StringComparison.Ordinal);
        Assert.Equal(SentKey(bed), error.IdempotencyKey);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData((HttpStatusCode)524)]
    public async Task A_gateway_error_after_the_last_retry_gives_the_key_the_caller_chose(HttpStatusCode status)
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.RespondInOrder(NotifyTestBed.Status(status));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() =>
            bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = "toolcall_42" }));

        Assert.Equal(status, error.StatusCode);
        AssertMayHaveBeenAccepted(error, "toolcall_42");
    }

    [Theory]
    [InlineData("<html>Welcome</html>")]
    [InlineData("""{"status":"queued"}""")]
    [InlineData("""{"notification_id":"ntf_1""")]
    public async Task An_accepted_answer_that_cannot_be_read_gives_the_key_to_ask_again_with(string body)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(HttpStatusCode.Accepted, body));

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.StartsWith("Smooven answered 202 ", error.Message, StringComparison.Ordinal);
        AssertMayHaveBeenAccepted(error, SentKey(bed));
    }

    [Fact]
    public async Task An_accepted_answer_too_long_to_be_smoovens_gives_the_key_to_ask_again_with()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(HttpStatusCode.Accepted, new string(' ', 100_000) + NotifyTestBed.AcceptedBody));

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.StartsWith("Smooven answered 202 with a body longer than 65536 bytes", error.Message, StringComparison.Ordinal);
        AssertMayHaveBeenAccepted(error, SentKey(bed));
    }

    [Fact]
    public async Task A_409_for_a_key_still_in_flight_says_the_request_may_have_been_accepted()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.Conflict));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Single(bed.Requests);
        AssertMayHaveBeenAccepted(error, SentKey(bed));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.NotImplemented)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task A_refusal_says_nothing_of_a_notification_that_may_have_been_sent(HttpStatusCode status)
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.RespondInOrder(NotifyTestBed.Status(status));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.DoesNotContain("may have received it", error.Message, StringComparison.Ordinal);
        Assert.False(error.MayHaveBeenAccepted);
        Assert.Equal(SentKey(bed), error.IdempotencyKey);
    }

    [Theory]
    [InlineData("timeout", HttpStatusCode.ServiceUnavailable)]
    [InlineData("timeout", HttpStatusCode.TooManyRequests)]
    [InlineData("502", HttpStatusCode.ServiceUnavailable)]
    [InlineData("lost answer", HttpStatusCode.TooManyRequests)]
    public async Task A_refusal_on_a_retry_after_an_attempt_that_may_have_reached_smooven_still_says_so(string first, HttpStatusCode refusal)
    {
        // An overloaded service times out first, then refuses the retries: the first attempt may have been taken,
        // so a caller told that nothing was sent would send a second notification under a new key.
        using var bed = new NotifyTestBed(o => o.MaxRetries = 1);
        var attempts = 0;
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            if (Interlocked.Increment(ref attempts) > 1)
            {
                return Task.FromResult(new HttpResponseMessage(refusal));
            }

            return first switch
            {
                "timeout" => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException()),
                "lost answer" => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
                _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway)),
            };
        });

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        bed.Time.Advance(await bed.Time.NextTimerAsync());
        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(refusal, error.StatusCode);
        Assert.Equal(2, bed.Requests.Count);
        AssertMayHaveBeenAccepted(error, bed.Requests.Select(r => r.Headers.GetValues("Idempotency-Key").Single()).Distinct().Single());
    }

    [Theory]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task A_refusal_of_the_request_itself_after_a_timeout_says_nothing_was_sent(HttpStatusCode refusal)
    {
        // Every attempt carries the same body, key and secret key: had Smooven taken the first, this one would be its
        // replay (or a 409), so a 422 or a 401 means the first was refused too, and resending it changes nothing.
        using var bed = new NotifyTestBed(o => o.MaxRetries = 1);
        var attempts = 0;
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            bed.Requests.Enqueue(request);
            return Interlocked.Increment(ref attempts) > 1
                ? Task.FromResult(NotifyTestBed.Json(refusal, """{"error":{"type":"invalid_request","code":"intent_too_long","message":"Intent is too long."}}"""))
                : throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException());
        });

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        bed.Time.Advance(await bed.Time.NextTimerAsync());
        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(refusal, error.StatusCode);
        Assert.Equal(2, bed.Requests.Count);
        Assert.False(error.MayHaveBeenAccepted);
        Assert.DoesNotContain("may have received it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_on_every_attempt_still_say_nothing_was_sent()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 1);
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable), NotifyTestBed.Status(HttpStatusCode.TooManyRequests));

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        bed.Time.Advance(await bed.Time.NextTimerAsync());
        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(2, bed.Requests.Count);
        Assert.False(error.MayHaveBeenAccepted);
        Assert.DoesNotContain("may have received it", error.Message, StringComparison.Ordinal);
    }

    // Said in the message for people, and in properties for code that retries by itself.
    private static void AssertMayHaveBeenAccepted(SmoovenException error, string key)
    {
        Assert.EndsWith(Advice + key + "\".", error.Message, StringComparison.Ordinal);
        Assert.True(error.MayHaveBeenAccepted);
        Assert.Equal(key, error.IdempotencyKey);
    }

    private static string SentKey(NotifyTestBed bed) => Assert.Single(bed.Requests).Headers.GetValues("Idempotency-Key").Single();
}
