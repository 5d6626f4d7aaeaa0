using System.Net;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

// However long an answer is, a notify call reads a bounded part of it: HttpClient alone would buffer up to 2 GiB.
public class AnswerSizeTests
{
    private const long EightMiB = 8L * 1024 * 1024;
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task An_accepted_answer_longer_than_64_KiB_is_refused_without_reading_the_rest()
    {
        using var bed = new NotifyTestBed();
        var body = new EndlessBody(EightMiB);
        bed.RespondInOrder(_ => new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StreamContent(body) });

        var error = await Assert.ThrowsAsync<SmoovenException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Contains("Smooven answered 202 with a body longer than 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("SmoovenClientOptions.BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.InRange(body.Served, Limit, 2 * Limit);
        Assert.Single(bed.Requests);
    }

    [Fact]
    public async Task An_error_answer_of_megabytes_is_read_only_as_far_as_the_64_KiB_limit()
    {
        using var bed = new NotifyTestBed();
        var body = new EndlessBody(EightMiB);
        bed.RespondInOrder(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StreamContent(body) });

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => bed.Client.NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(new string('x', 4096), error.ResponseBody);
        Assert.InRange(body.Served, Limit, 2 * Limit);
    }

    [Fact]
    public async Task An_accepted_answer_of_exactly_64_KiB_is_still_read()
    {
        var padded = NotifyTestBed.AcceptedBody[..^1] + ",\"padding\":\"" + new string('x', Limit - NotifyTestBed.AcceptedBody.Length - 13) + "\"}";
        Assert.Equal(Limit, padded.Length);
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(_ => NotifyTestBed.Json(HttpStatusCode.Accepted, padded));

        var response = await bed.Client.NotifyAsync(NotifyTestBed.Reminder());

        Assert.Equal("ntf_abc123def456", response.NotificationId);
    }

    [Fact]
    public async Task A_connection_lost_while_the_answer_is_read_is_retried_under_the_same_key()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(
            _ => new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StreamContent(new EndlessBody(EightMiB, failAfter: 10)) },
            NotifyTestBed.Accepted);

        var call = bed.Client.NotifyAsync(NotifyTestBed.Reminder());
        bed.Time.Advance(await bed.Time.NextTimerAsync());
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ntf_abc123def456", response.NotificationId);
        Assert.Equal(2, bed.Requests.Count);
        Assert.Single(bed.Requests.Select(r => r.Headers.GetValues("Idempotency-Key").Single()).Distinct());
    }

    [Fact]
    public async Task An_answer_whose_body_never_comes_ends_at_the_http_client_timeout()
    {
        var options = new SmoovenClientOptions { SecretKey = NotifyTestBed.SecretKey, MaxRetries = 0 };
        using var handler = new StallingBodyHandler();
        using var client = new SmoovenClient(new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(200) }, options);

        var error = await Assert.ThrowsAsync<SmoovenException>(() => client.NotifyAsync(NotifyTestBed.Reminder()).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_before_or_during_the_answer_reports_the_callers_own_token(bool duringTheBody)
    {
        using var cancellation = new CancellationTokenSource();
        using var handler = new StallingBodyHandler(stallBeforeHeaders: !duringTheBody, onStall: cancellation.Cancel);
        using var client = new SmoovenClient(new HttpClient(handler), new SmoovenClientOptions { SecretKey = NotifyTestBed.SecretKey });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.NotifyAsync(NotifyTestBed.Reminder(), cancellation.Token).WaitAsync(TimeSpan.FromSeconds(10)));

        // What 'catch (OperationCanceledException e) when (e.CancellationToken == token)' relies on.
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    // Serves 'x' up to a length, counting what was read; or fails as a lost connection does after a few bytes.
    private sealed class EndlessBody(long length, long? failAfter = null) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Served >= failAfter)
            {
                throw new IOException("The response ended prematurely.");
            }

            var n = (int)Math.Min(count, Math.Min(length, failAfter ?? length) - Served);
            Array.Fill(buffer, (byte)'x', offset, n);
            Served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // Answers 202 with a body that never arrives, or never answers; either until cancelled, calling onStall once stalled.
    private sealed class StallingBodyHandler(bool stallBeforeHeaders = false, Action? onStall = null) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (stallBeforeHeaders)
            {
                onStall?.Invoke();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StreamContent(new StallingStream(onStall)) };
        }
    }

    private sealed class StallingStream(Action? onStall) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onStall?.Invoke();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
