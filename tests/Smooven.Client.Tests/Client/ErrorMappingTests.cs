using System.Net;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

public class ErrorMappingTests
{
    [Fact]
    public async Task A_json_error_body_becomes_a_readable_typed_exception()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ =>
        {
            var response = NotifyTestBed.Json(
                HttpStatusCode.UnprocessableEntity,
                """{"error":{"type":"invalid_request","code":"intent_required","message":"Intent must not be empty."}}""");
            response.Headers.Add("X-Request-Id", "req_123");
            return response;
        });

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal("Smooven returned 422 invalid_request (intent_required): Intent must not be empty. Request id req_123.", error.Message);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("invalid_request", error.ErrorType);
        Assert.Equal("intent_required", error.ErrorCode);
        Assert.Equal("Intent must not be empty.", error.ErrorMessage);
        Assert.Equal("req_123", error.RequestId);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task An_error_that_quotes_the_secret_key_back_keeps_everything_but_the_key()
    {
        // Services and gateways that refuse a key often quote it ("Invalid API key: sk_live_..."): the exception is logged.
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(
            HttpStatusCode.Unauthorized,
            """{"error":{"type":"authentication_error","code":"invalid_key","message":"Invalid API key: """ + NotifyTestBed.SecretKey + "\"}}"));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal("Smooven returned 401 authentication_error (invalid_key): Invalid API key: [secret key].", error.Message);
        Assert.Equal("Invalid API key: [secret key]", error.ErrorMessage);
        Assert.Equal("""{"error":{"type":"authentication_error","code":"invalid_key","message":"Invalid API key: [secret key]"}}""", error.ResponseBody);
        Assert.DoesNotContain(NotifyTestBed.SecretKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_body_with_a_byte_order_mark_is_read_like_an_accepted_one()
    {
        // Whatever writes a BOM before Smooven's 202 (which the client reads) writes one before its errors too.
        using var bed = new NotifyTestBed();
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(
            """{"error":{"type":"invalid_request","code":"intent_required","message":"Intent must not be empty."}}""")];
        bed.RespondInOrder(_ => new HttpResponseMessage(HttpStatusCode.UnprocessableEntity) { Content = new ByteArrayContent(withBom) });

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal("Smooven returned 422 invalid_request (intent_required): Intent must not be empty.", error.Message);
        Assert.Equal("intent_required", error.ErrorCode);
    }

    [Fact]
    public async Task A_placeholder_key_too_short_to_be_a_secret_leaves_the_error_as_smooven_gave_it()
    {
        // A test's client with a placeholder key ("key", "sk", "test") against an emulator started with another key:
        // the emulator's own 401 holds the word, and code matching on ErrorCode must still see invalid_api_key.
        using var bed = new NotifyTestBed(o => o.SecretKey = "key");
        bed.RespondInOrder(_ => NotifyTestBed.Json(
            HttpStatusCode.Unauthorized,
            """{"error":{"type":"authentication_error","code":"invalid_api_key","message":"The secret key in the Authorization header is not this emulator's."}}"""));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.Equal("The secret key in the Authorization header is not this emulator's.", error.ErrorMessage);
        Assert.Contains("\"code\":\"invalid_api_key\"", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_idempotency_key_says_it_is_likely_a_caller_bug_and_how_to_fix_it()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(
            HttpStatusCode.UnprocessableEntity,
            """{"error":{"type":"idempotency_error","code":"idempotency_key_reused","message":"Key reused."}}"""));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.StartsWith("Smooven returned 422 idempotency_error (idempotency_key_reused): Key reused. ", error.Message, StringComparison.Ordinal);
        Assert.Contains("already used for a request with a different body", error.Message, StringComparison.Ordinal);
        Assert.Contains("bug in the calling code", error.Message, StringComparison.Ordinal);
        Assert.Contains("use a new key for each distinct request", error.Message, StringComparison.Ordinal);
        Assert.Single(bed.Requests); // a 422 is never retried
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_kept_raw()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.RespondInOrder(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>upstream down</html>") });

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.ErrorType);
        Assert.Null(error.ErrorCode);
        Assert.Equal("<html>upstream down</html>", error.ResponseBody);
        Assert.StartsWith("Smooven returned 502 BadGateway. Smooven may have received it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_still_says_what_happened()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal("Smooven returned 401 Unauthorized.", error.Message);
        Assert.Null(error.ResponseBody);
        Assert.Null(error.RequestId);
    }

    [Fact]
    public async Task A_404_names_the_url_it_went_to_and_the_option_that_made_it()
    {
        // A newcomer's '/v1' on the base address: the client adds its own.
        using var bed = new NotifyTestBed(o => o.BaseAddress = new Uri("https://api.smooven.io/v1/"));
        bed.Handler.When(HttpMethod.Post, "https://api.smooven.io/v1/v1/agent/notify").Respond(HttpStatusCode.NotFound);

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(
            "Smooven returned 404 NotFound. The request went to POST https://api.smooven.io/v1/v1/agent/notify; if that is not Smooven's " +
            "notify endpoint, fix SmoovenClientOptions.BaseAddress, to which the client adds v1/agent/notify (the default is https://api.smooven.io/).",
            error.Message);
    }

    [Fact]
    public async Task A_huge_body_is_cut_to_4_KiB()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(new string('x', 100_000)) });

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(4096, error.ResponseBody!.Length);
    }

    [Fact]
    public async Task Json_that_is_not_an_error_envelope_is_kept_raw_without_inventing_fields()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(HttpStatusCode.Conflict, """["unexpected"]"""));

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Null(error.ErrorType);
        Assert.Equal("""["unexpected"]""", error.ResponseBody);
    }

    [Fact]
    public async Task A_timeout_keeps_its_inner_exception()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl)
            .Throw(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException()));

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.IsType<TaskCanceledException>(error.InnerException);
        Assert.IsType<TimeoutException>(error.InnerException!.InnerException);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_failure_keeps_its_inner_exception()
    {
        using var bed = new NotifyTestBed(o => o.MaxRetries = 0);
        bed.Handler.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Throw(NotifyTestBed.ConnectionRefused());

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("Could not reach Smooven", error.Message, StringComparison.Ordinal);
    }
}
