using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Models;

public class WithIdempotencyKeyTests
{
    private static NotifyRequest EveryPropertySet(string? idempotencyKey = "call_1") => new()
    {
        Intent = "Remind Sarah about her appointment",
        Urgency = Urgency.High,
        Context = new NotifyContext { UserId = "sarah@example.com", AdditionalProperties = { ["appointment_at"] = "09:00" } },
        CallbackUrl = new Uri("https://agent.example/webhooks/smooven"),
        IdempotencyKey = idempotencyKey,
    };

    [Fact]
    public void The_copy_carries_every_property_and_the_new_key_and_leaves_the_original_as_it_was()
    {
        var original = EveryPropertySet();
        var properties = typeof(NotifyRequest).GetProperties();

        // A property added later and not set above fails here, so it cannot be forgotten in the copy either.
        Assert.All(properties, p => Assert.NotEqual(Default(p.PropertyType), p.GetValue(original)));

        var copy = original.WithIdempotencyKey("call_2");

        Assert.NotSame(original, copy);
        Assert.Equal("call_2", copy.IdempotencyKey);
        Assert.Equal("call_1", original.IdempotencyKey);
        Assert.All(
            properties.Where(p => p.Name != nameof(NotifyRequest.IdempotencyKey)),
            p => Assert.Equal(p.GetValue(original), p.GetValue(copy)));
    }

    [Fact]
    public async Task A_resend_of_the_copy_sends_the_same_body_under_the_first_calls_key()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var request = EveryPropertySet(idempotencyKey: null);

        await bed.Client.NotifyAsync(request);
        var firstKey = bed.Requests.Single().Headers.GetValues("Idempotency-Key").Single();
        await bed.Client.NotifyAsync(request.WithIdempotencyKey(firstKey));

        Assert.Equal(2, bed.Bodies.Count);
        Assert.Equal(bed.Bodies.First(), bed.Bodies.Last());
        Assert.All(bed.Requests, sent => Assert.Equal(firstKey, sent.Headers.GetValues("Idempotency-Key").Single()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("call\n42")]
    [InlineData("appel-é")]
    [InlineData(" call_42")]
    [InlineData("call_42 ")]
    public async Task A_bad_key_is_refused_with_the_message_the_client_gives_for_it(string key)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var fromClient = await Assert.ThrowsAsync<ArgumentException>(() =>
            bed.Client.NotifyAsync(new NotifyRequest { Intent = "Remind Sarah", IdempotencyKey = key }));

        var fromCopy = Assert.Throws<ArgumentException>(() => NotifyTestBed.Reminder().WithIdempotencyKey(key));

        Assert.Equal("idempotencyKey", fromCopy.ParamName);
        Assert.Equal(WithoutParameterName(fromClient), WithoutParameterName(fromCopy));
    }

    [Fact]
    public void A_key_longer_than_255_characters_is_refused_with_the_clients_rule()
    {
        var error = Assert.Throws<ArgumentException>(() => NotifyTestBed.Reminder().WithIdempotencyKey(new string('k', 256)));

        Assert.Contains("NotifyRequest.IdempotencyKey must be 1 to 255 printable ASCII characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_key_is_refused_since_the_copy_would_get_a_new_generated_key()
    {
        Assert.Throws<ArgumentNullException>(() => NotifyTestBed.Reminder().WithIdempotencyKey(null!));
    }

    private static object? Default(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;

    private static string WithoutParameterName(ArgumentException error) =>
        error.Message.Replace($" (Parameter '{error.ParamName}')", string.Empty, StringComparison.Ordinal);
}
