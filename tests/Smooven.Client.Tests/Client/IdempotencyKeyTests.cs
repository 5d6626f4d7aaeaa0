using System.Net;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

public class IdempotencyKeyTests
{
    [Fact]
    public async Task A_chosen_key_is_the_idempotency_key_of_every_attempt()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Status(HttpStatusCode.ServiceUnavailable), NotifyTestBed.Accepted);

        var call = bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = "call_7Hq2:notify_user" });
        bed.Time.Advance(await bed.Time.NextTimerAsync());
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, bed.Requests.Count);
        Assert.All(bed.Requests, r => Assert.Equal("call_7Hq2:notify_user", r.Headers.GetValues("Idempotency-Key").Single()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public async Task A_key_outside_1_to_255_characters_is_refused_before_any_request(int length)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = new string('k', length) }));

        Assert.Contains("NotifyRequest.IdempotencyKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 255 printable ASCII", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Requests);
    }

    [Theory]
    [InlineData("call\n42")]
    [InlineData("appel-é")]
    [InlineData("tab\there")]
    [InlineData("del\u007f")]
    public async Task A_key_with_a_character_outside_printable_ascii_is_refused_before_any_request(string key)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = key }));

        Assert.Contains("printable ASCII", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Requests);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData(" call_42")]
    [InlineData("call_42 ")]
    public async Task A_key_beginning_or_ending_with_a_space_is_refused_as_http_would_drop_it(string key)
    {
        // Smooven would see ' ' as no key, so two identical calls would send twice; 'call_42 ' as 'call_42'.
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = key }));

        Assert.Contains("NotifyRequest.IdempotencyKey must not begin or end with a space", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Requests);
    }

    [Fact]
    public async Task The_longest_allowed_key_is_sent_unchanged()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var key = "!" + new string(' ', 253) + "~";

        await bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = key });

        Assert.Equal(key, Assert.Single(bed.Requests).Headers.GetValues("Idempotency-Key").Single());
    }
}
