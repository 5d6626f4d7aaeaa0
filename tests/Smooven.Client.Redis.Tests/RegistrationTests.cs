using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smooven.Client.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>AddSmoovenRedisBackplane: options checked at start with messages naming the option, and the three ways to a connection.</summary>
public class RegistrationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string SecretKey = "sk_test_registration";

    [Fact]
    public async Task Without_a_connection_of_any_kind_the_host_does_not_start_and_says_what_to_set()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddSmoovenRedisBackplane(_ => { })));

        Assert.Contains("SmoovenRedisOptions.Configuration", error.Message, StringComparison.Ordinal);
        Assert.Contains("IConnectionMultiplexer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "00:15:00", "SmoovenRedisOptions.KeyPrefix")]
    [InlineData("tenant{1}", "00:15:00", "SmoovenRedisOptions.KeyPrefix must not contain '{' or '}'")]
    [InlineData("smooven", "00:00:00", "SmoovenRedisOptions.Retention")]
    [InlineData("smooven", "-00:01:00", "SmoovenRedisOptions.Retention")]
    public async Task Invalid_options_stop_the_start_with_a_message_naming_the_option(string keyPrefix, string retention, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddSmoovenRedisBackplane("localhost:1", options =>
        {
            options.KeyPrefix = keyPrefix;
            options.Retention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture);
        })));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task The_multiplexer_registered_in_DI_is_used_and_left_open_at_shutdown()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var prefix = "di-" + Guid.NewGuid().ToString("N");
        await using (var app = await StartAsync(services => services.AddSingleton<IConnectionMultiplexer>(multiplexer).AddSmoovenRedisBackplane(o => o.KeyPrefix = prefix)))
        {
            using var answer = await new SignedDelivery(SecretKey, "ntf_di").PostAsync(new Uri(new Uri(app.Urls.First()), "/webhooks/smooven"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            await app.StopAsync();
        }

        Assert.True(multiplexer.IsConnected);
        Assert.Equal(1, await multiplexer.GetDatabase().StreamLengthAsync(prefix + ":callbacks"));
        await multiplexer.DisposeAsync();
    }

    [RedisFact]
    public async Task The_factory_is_called_once_at_start()
    {
        var calls = 0;
        var prefix = "factory-" + Guid.NewGuid().ToString("N");
        await using var app = await StartAsync(services => services.AddSmoovenRedisBackplane(options =>
        {
            options.KeyPrefix = prefix;
            options.ConnectionMultiplexerFactory = async () =>
            {
                Interlocked.Increment(ref calls);
                return await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            };
        }));

        using var answer = await new SignedDelivery(SecretKey, "ntf_factory").PostAsync(new Uri(new Uri(app.Urls.First()), "/webhooks/smooven"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(1, calls);
    }

    private static async Task<WebApplication> StartAsync(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options => options.SecretKey = SecretKey);
        configure(builder.Services);
        var app = builder.Build();
        app.MapSmoovenWebhook();
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
