using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Diagnostics;

/// <summary>
/// A user turns the SDK's logs up with one filter, <c>"Smooven.Client": "Information"</c>, so every
/// logger the SDK creates (client, tracker, webhook endpoint, emulator) must have a category under it.
/// </summary>
public class LogCategoryTests
{
    [Fact]
    public async Task Every_logger_the_sdk_creates_has_a_category_starting_with_Smooven_Client()
    {
        var categories = new CategoryRecorder();
        using var emulatorLogging = LoggerFactory.Create(logging => logging.AddProvider(categories));
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { LoggerFactory = emulatorLogging });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(categories);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = emulator.SecretKey;
            options.BaseAddress = emulator.BaseAddress;
        });
        await using var app = builder.Build();
        app.MapSmoovenWebhook("/webhooks/smooven");
        await app.StartAsync();

        var result = await app.Services.GetRequiredService<SmoovenClient>().SendAndWaitAsync(
            Emulated.Reminder(new Uri(new Uri(app.Urls.First()), "/webhooks/smooven")), Emulated.Patience);
        await app.StopAsync();

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "Smooven.Client.SmoovenClient",
                "Smooven.Client.DeliveryTracker",
                "Smooven.Client.AspNetCore.Webhook",
                "Smooven.Client.Testing.SmoovenEmulator",
            },
            categories.Names.ToHashSet(StringComparer.Ordinal));

        // The HTTP client factory names its own loggers "System.Net.Http.HttpClient.<client name>.*":
        // those belong to Microsoft.Extensions.Http and are filtered under its name.
        var mentioningSmooven = categories.Names
            .Where(name => name.Contains("Smooven", StringComparison.OrdinalIgnoreCase))
            .Where(name => !name.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        Assert.All(mentioningSmooven, name => Assert.StartsWith("Smooven.Client", name, StringComparison.Ordinal));
    }

    /// <summary>Notes the category of every logger created; logs nothing.</summary>
    private sealed class CategoryRecorder : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

        public ICollection<string> Names => _names.Keys;

        public ILogger CreateLogger(string categoryName)
        {
            _names.TryAdd(categoryName, true);
            return NullLogger.Instance;
        }

        public void Dispose()
        {
        }
    }
}
