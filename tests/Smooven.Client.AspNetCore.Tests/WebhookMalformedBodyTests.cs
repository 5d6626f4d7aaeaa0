using System.Net;
using System.Text;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// A validly signed body that is not a callback is answered 400, never 500: a 500 makes Smooven
/// retry a delivery that can never succeed.
/// </summary>
public class WebhookMalformedBodyTests
{
    private const string Head = "{\"event\":\"notification.sent\",\"notification_id\":\"ntf_1\",\"timestamp\":\"2026-03-05T08:00:15Z\"";

    public static TheoryData<string, byte[]> NotCallbacks => new()
    {
        { "invalid UTF-8 in a field", [.. Encoding.UTF8.GetBytes(Head + ",\"status\":\"deliv"), 0xC3, 0x28, .. "ered\"}"u8] },
        { "invalid UTF-8 in an unknown field", [.. Encoding.UTF8.GetBytes(Head + ",\"reason\":\""), 0xFF, .. "\"}"u8] },
        { "a lone surrogate escape in a field", Encoding.UTF8.GetBytes(Head + ",\"metadata\":{\"intent\":\"\\ud800\"}}") },
        { "a lone surrogate escape naming an unknown nested property", Encoding.UTF8.GetBytes(Head + ",\"recipient\":{\"\\udc00\":\"x\"}}") },
        { "nesting too deep", Encoding.UTF8.GetBytes(Head + ",\"extra\":" + new string('[', 1_000) + new string(']', 1_000) + "}") },
        { "trailing data", Encoding.UTF8.GetBytes(Head + "} {}") },
    };

    [Theory]
    [MemberData(nameof(NotCallbacks))]
    public async Task A_validly_signed_body_that_is_not_a_callback_is_answered_400_and_never_handled(string what, byte[] body)
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync(body, host.Sign(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: answered {(int)response.StatusCode}");
        Assert.Equal(0, host.Recorder.Calls);
    }
}
