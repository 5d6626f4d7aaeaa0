using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Smooven.Client.Tests.Support;

namespace Smooven.Client.Tests.DependencyInjection;

public class AddSmoovenClientTests
{
    [Fact]
    public async Task Resolves_a_working_client_sharing_one_tracker_and_one_verifier()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(_ => NotifyTestBed.Accepted(null!));
        var services = new ServiceCollection();
        services.AddSmoovenClient(o => o.SecretKey = "sk_di").ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var first = provider.GetRequiredService<SmoovenClient>();
        var second = provider.GetRequiredService<SmoovenClient>();
        var response = await first.NotifyAsync(NotifyTestBed.Reminder());

        Assert.Equal("ntf_abc123def456", response.NotificationId);
        Assert.NotSame(first, second);
        Assert.Same(provider.GetRequiredService<DeliveryTracker>(), first.Tracker);
        Assert.Same(first.Tracker, second.Tracker);
        Assert.Same(provider.GetRequiredService<CallbackVerifier>(), provider.GetRequiredService<CallbackVerifier>());
    }

    [Fact]
    public async Task Binds_options_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smooven:SecretKey"] = "sk_from_config",
            ["Smooven:BaseAddress"] = "http://127.0.0.1:5999/",
            ["Smooven:DefaultCallbackUrl"] = "https://agent.example/webhooks/smooven",
            ["Smooven:MaxRetries"] = "5",
            ["Smooven:SignatureTolerance"] = "00:02:00",
            ["Smooven:AdditionalSecretKeys:0"] = "sk_old",
        }).Build();
        var services = new ServiceCollection();
        services.AddSmoovenClient(configuration.GetSection(SmoovenClientOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SmoovenClientOptions>>().Value;

        Assert.Equal("sk_from_config", options.SecretKey);
        Assert.Equal(new Uri("http://127.0.0.1:5999/"), options.BaseAddress);
        Assert.Equal(new Uri("https://agent.example/webhooks/smooven"), options.DefaultCallbackUrl);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(2), options.SignatureTolerance);
        Assert.Equal(["sk_old"], options.AdditionalSecretKeys);
    }

    [Fact]
    public async Task A_changed_secret_key_applies_to_the_next_resolved_client_without_a_restart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smooven:SecretKey"] = "sk_before",
        }).Build();
        var seen = new List<string>();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(request =>
        {
            lock (seen)
            {
                seen.Add(request.Headers.Authorization!.Parameter!);
            }

            return NotifyTestBed.Accepted(request);
        });
        var services = new ServiceCollection();
        services.AddSmoovenClient(configuration.GetSection("Smooven")).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<SmoovenClient>().NotifyAsync(NotifyTestBed.Reminder());
        configuration["Smooven:SecretKey"] = "sk_after";
        configuration.Reload();
        await provider.GetRequiredService<SmoovenClient>().NotifyAsync(NotifyTestBed.Reminder());

        Assert.Equal(["sk_before", "sk_after"], seen);
    }

    [Fact]
    public async Task The_registered_verifiers_tolerance_follows_the_signature_tolerance_option()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smooven:SecretKey"] = "sk_test_123",
            ["Smooven:SignatureTolerance"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSmoovenClient(configuration.GetSection("Smooven"));
        await using var provider = services.BuildServiceProvider();
        var verifier = provider.GetRequiredService<CallbackVerifier>();
        Assert.Equal(TimeSpan.FromMinutes(2), verifier.Tolerance);

        configuration["Smooven:SignatureTolerance"] = "00:07:00";
        configuration.Reload();

        Assert.Equal(TimeSpan.FromMinutes(7), verifier.Tolerance);
    }

    [Fact]
    public async Task A_missing_secret_key_fails_start_up_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddSmoovenClient(_ => { });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SmoovenClientOptions.SecretKey is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smooven:SecretKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_delay_too_long_for_the_retry_pipeline_fails_start_up_not_every_resolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smooven:SecretKey"] = "sk_from_config",
            ["Smooven:MaxRetryAfter"] = "2.00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSmoovenClient(configuration.GetSection("Smooven"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SmoovenClientOptions.MaxRetryAfter must be between 0 and 1 day; it is 2.00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_tracker_options_fail_start_up_not_the_first_wait()
    {
        var services = new ServiceCollection();
        services.AddSmoovenClient(options => options.SecretKey = "sk_test_123");
        services.Configure<DeliveryTrackerOptions>(options =>
        {
            options.HistoryCapacity = 0;
            options.HistoryLifetime = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("DeliveryTrackerOptions.HistoryCapacity must be at least 1, but is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeliveryTrackerOptions.HistoryLifetime must be positive, but is 00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_client_logs_never_show_the_secret_key_even_at_trace()
    {
        var collector = new FakeLogCollector();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(_ => NotifyTestBed.Accepted(null!));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace));
        services.AddSmoovenClient(o => o.SecretKey = "sk_di_never_logged").ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<SmoovenClient>().NotifyAsync(NotifyTestBed.Reminder());

        var logs = collector.GetSnapshot();
        Assert.Contains(logs, r => r.Category!.StartsWith("System.Net.Http.HttpClient.SmoovenClient", StringComparison.Ordinal) && r.Message.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains("sk_di_never_logged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_happen_once_on_the_di_path_not_twice()
    {
        var attempts = 0;
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(_ =>
        {
            Interlocked.Increment(ref attempts);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        var services = new ServiceCollection();
        services.AddSmoovenClient(o =>
        {
            o.SecretKey = "sk_di";
            o.MaxRetries = 2;
            o.RetryBaseDelay = TimeSpan.Zero;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<SmoovenApiException>(() => provider.GetRequiredService<SmoovenClient>().NotifyAsync(NotifyTestBed.Reminder()));

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task The_registered_clock_drives_retry_delays()
    {
        var time = new SignallingTimeProvider();
        var mock = new MockHttpMessageHandler();
        var attempts = 0;
        mock.When(HttpMethod.Post, NotifyTestBed.NotifyUrl).Respond(_ => Interlocked.Increment(ref attempts) == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : NotifyTestBed.Accepted(null!));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSmoovenClient(o => o.SecretKey = "sk_di").ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        var call = provider.GetRequiredService<SmoovenClient>().NotifyAsync(NotifyTestBed.Reminder());
        time.Advance(await time.NextTimerAsync());

        Assert.Equal("ntf_abc123def456", (await call.WaitAsync(TimeSpan.FromSeconds(10))).NotificationId);
        Assert.Equal(2, attempts);
    }
}
