using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

public class WebhookBodyLimitTests
{
    private const int DefaultLimit = 256 * 1024;

    // A valid, signed callback padded with an unknown field to exactly `size` bytes.
    private static byte[] CallbackOfSize(int size)
    {
        var empty = WebhookHost.Callback("ntf_big", extra: ",\"padding\":\"\"");
        var padded = WebhookHost.Callback("ntf_big", extra: $",\"padding\":\"{new string('x', size - empty.Length)}\"");
        var bytes = Encoding.UTF8.GetBytes(padded);
        Assert.Equal(size, bytes.Length);
        return bytes;
    }

    [Fact]
    public async Task An_oversized_content_length_is_refused_before_the_body_is_sent()
    {
        await using var host = await WebhookHost.StartAsync();
        var address = host.Client.BaseAddress!;

        var status = await RawHttp.SendUnfinishedAsync(
            address,
            "/webhooks/smooven",
            $"Content-Length: {10 * 1024 * 1024}\r\nX-Smooven-Signature: {SignatureVectors.Header}\r\n",
            Encoding.UTF8.GetBytes("{\"event\":"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(0, host.Recorder.Calls);
    }

    [Fact]
    public async Task A_chunked_body_is_refused_once_past_the_limit_without_waiting_for_its_end()
    {
        await using var host = await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxBodySize = 8 * 1024));
        var address = host.Client.BaseAddress!;
        var overLimit = new byte[(8 * 1024) + 1];

        var status = await RawHttp.SendUnfinishedAsync(
            address,
            "/webhooks/smooven",
            $"Transfer-Encoding: chunked\r\nX-Smooven-Signature: {SignatureVectors.Header}\r\n",
            RawHttp.Chunk(overLimit));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(0, host.Recorder.Calls);
    }

    [Fact]
    public async Task The_limit_comes_from_SmoovenWebhookOptions()
    {
        await using var host = await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxBodySize = 1024));
        var fits = CallbackOfSize(1024);
        var over = CallbackOfSize(1025);

        using var accepted = await host.PostAsync(fits, host.Sign(fits));
        using var refused = await host.SendAsync(new ChunkedContent(over), host.Sign(over));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(1, host.Recorder.Calls);
    }

    // The default, and limits on and off the body buffer's growth steps (it starts small and doubles).
    // Over the limit is answered 413 and never handled, with a Content-Length or chunked.
    [Theory]
    [InlineData(null)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public async Task The_limit_is_exact_with_and_without_chunking(int? configuredLimit)
    {
        await using var host = configuredLimit is { } configured
            ? await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxBodySize = configured))
            : await WebhookHost.StartAsync();
        var limit = configuredLimit ?? DefaultLimit;
        var fits = CallbackOfSize(limit);
        var over = CallbackOfSize(limit + 1);

        using var fitsWithLength = await host.PostAsync(fits, host.Sign(fits));
        host.Clock.Advance(TimeSpan.FromMinutes(11)); // past the duplicate window, so it is handled again
        using var fitsChunked = await host.SendAsync(new ChunkedContent(fits), host.Sign(fits));
        using var overWithLength = await host.PostAsync(over, host.Sign(over));
        using var overChunked = await host.SendAsync(new ChunkedContent(over), host.Sign(over));

        Assert.Equal(HttpStatusCode.OK, fitsWithLength.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fitsChunked.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overWithLength.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overChunked.StatusCode);
        Assert.Equal(2, host.Recorder.Calls);
    }

    [Fact]
    public async Task A_content_length_shorter_than_the_body_cuts_it_and_the_signature_fails()
    {
        await using var host = await WebhookHost.StartAsync();
        var body = CallbackOfSize(8 * 1024);

        var status = await RawHttp.SendUnfinishedAsync(
            host.Client.BaseAddress!,
            "/webhooks/smooven",
            $"Content-Length: {body.Length - 1}\r\nX-Smooven-Signature: {host.Sign(body)}\r\n",
            body);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(0, host.Recorder.Calls);
    }

    [Fact]
    public async Task Invalid_webhook_options_fail_at_start_up_saying_which()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxBodySize = 0)));

        Assert.Contains("MaxBodySize", ex.Message, StringComparison.Ordinal);
    }
}
