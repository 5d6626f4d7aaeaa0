using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.Client;

public class NotifyValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_intent_is_refused_before_any_request(string intent)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => bed.Client.NotifyAsync(new NotifyRequest { Intent = intent }));

        Assert.Contains("NotifyRequest.Intent", error.Message, StringComparison.Ordinal);
        Assert.Contains("Remind Sarah", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Requests);
    }

    [Theory]
    [InlineData("/webhooks/smooven", UriKind.Relative)]
    [InlineData("ftp://agent.example/hook", UriKind.Absolute)]
    [InlineData("file:///srv/hooks/smooven", UriKind.Absolute)]
    public async Task Callback_url_must_be_absolute_http(string url, UriKind kind)
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            bed.Client.NotifyAsync(new NotifyRequest { Intent = "x", CallbackUrl = new Uri(url, kind) }));

        Assert.Contains("NotifyRequest.CallbackUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("absolute http or https", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Requests);
    }

    [Fact]
    public async Task A_recipient_named_both_as_user_id_and_in_the_additional_properties_is_refused_before_any_request()
    {
        // Sent, the context would hold "user_id" twice, and Smooven could notify the other person.
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var context = new NotifyContext { UserId = "sarah@example.com", AdditionalProperties = { ["user_id"] = "tom@example.com" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => bed.Client.NotifyAsync(new NotifyRequest { Intent = "x", Context = context }));

        Assert.Contains("NotifyContext.UserId", error.Message, StringComparison.Ordinal);
        Assert.Contains("remove \"user_id\" from AdditionalProperties", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Requests);
    }

    [Fact]
    public async Task A_recipient_named_only_in_the_additional_properties_is_sent_once()
    {
        using var bed = new NotifyTestBed();
        bed.RespondInOrder(NotifyTestBed.Accepted);
        var context = new NotifyContext { AdditionalProperties = { ["user_id"] = "tom@example.com" } };

        await bed.Client.NotifyAsync(new NotifyRequest { Intent = "x", Context = context });

        Assert.Contains("\"context\":{\"user_id\":\"tom@example.com\"}", Assert.Single(bed.Bodies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_request_is_refused()
    {
        using var bed = new NotifyTestBed();

        await Assert.ThrowsAsync<ArgumentNullException>(() => bed.Client.NotifyAsync(null!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_secret_key_is_refused_with_the_setting_to_set(string? secretKey)
    {
        var error = Assert.Throws<ArgumentException>(() => new SmoovenClient(new SmoovenClientOptions { SecretKey = secretKey! }));

        Assert.Contains("SmoovenClientOptions.SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smooven:SecretKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_base_address_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk", BaseAddress = new Uri("/api", UriKind.Relative) }));

        Assert.Contains("SmoovenClientOptions.BaseAddress", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api.smooven.io/")]
    [InlineData("http://10.0.0.5:8080/smooven/")]
    public void An_http_base_address_off_this_machine_is_refused_as_it_would_send_the_key_in_the_clear(string baseAddress)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk_live_never_shown", BaseAddress = new Uri(baseAddress) }));

        Assert.Contains($"SmoovenClientOptions.BaseAddress '{baseAddress}' uses http, which would send your secret key unencrypted. Use https", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_never_shown", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://agent:hunter2@gateway.example/smooven/")]
    [InlineData("http://agent:hunter2@10.0.0.5/")]
    public void A_base_address_with_a_password_is_refused_without_showing_it(string baseAddress)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk", BaseAddress = new Uri(baseAddress) }));

        Assert.Contains("SmoovenClientOptions.BaseAddress must not hold a user name or password (not shown here)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123/")]
    [InlineData("http://localhost:5123/")]
    [InlineData("http://[::1]:5123/")]
    [InlineData("https://gateway.example/smooven/")]
    public void Https_anywhere_and_http_on_loopback_are_accepted(string baseAddress)
    {
        using var client = new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk", BaseAddress = new Uri(baseAddress) });

        Assert.NotNull(client.Tracker);
    }

    [Theory]
    [InlineData("https://api.smooven.io/v1/agent", "/v1/agent")]
    [InlineData("https://api.smooven.io/v1/agent/notify", "/v1/agent/notify")]
    [InlineData("https://gateway.example/smooven/V1/Agent/", "/v1/agent")]
    public void A_base_address_that_already_holds_the_notify_path_is_refused_saying_what_to_drop(string baseAddress, string part)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk", BaseAddress = new Uri(baseAddress) }));

        Assert.Contains($"SmoovenClientOptions.BaseAddress '{baseAddress}' ends in '{part}', but the client adds '/v1/agent/notify' itself. " +
            "Set it to the address before '/v1', such as https://api.smooven.io/.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://gateway.example/v1-proxy/")]
    [InlineData("https://gateway.example/smooven/v12/")]
    [InlineData("https://gateway.example/smooven/v1/")]
    public void A_path_that_merely_ends_in_a_version_is_accepted_as_a_gateway_prefix_may(string baseAddress)
    {
        using var client = new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk", BaseAddress = new Uri(baseAddress) });

        Assert.NotNull(client.Tracker);
    }

    [Fact]
    public void Out_of_range_retry_count_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SmoovenClient(new SmoovenClientOptions { SecretKey = "sk", MaxRetries = -1 }));

        Assert.Contains("SmoovenClientOptions.MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(SmoovenClientOptions.RetryBaseDelay))]
    [InlineData(nameof(SmoovenClientOptions.MaxRetryAfter))]
    public void A_delay_longer_than_a_day_is_refused_naming_the_option_and_a_day_is_accepted(string option)
    {
        // The retry pipeline refuses delays over a day with a message of its own that names neither the option
        // nor the fix; TimeSpan.MaxValue is the natural way to write "always wait out Retry-After".
        static SmoovenClientOptions With(string option, TimeSpan delay) => option == nameof(SmoovenClientOptions.RetryBaseDelay)
            ? new SmoovenClientOptions { SecretKey = "sk", RetryBaseDelay = delay }
            : new SmoovenClientOptions { SecretKey = "sk", MaxRetryAfter = delay };

        var error = Assert.Throws<ArgumentException>(() => new SmoovenClient(new HttpClient(), With(option, TimeSpan.MaxValue)));
        using var client = new SmoovenClient(new HttpClient(), With(option, TimeSpan.FromDays(1)));

        Assert.Contains($"SmoovenClientOptions.{option} must be between 0 and 1 day", error.Message, StringComparison.Ordinal);
    }
}
