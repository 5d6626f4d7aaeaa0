using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>Anyone can send a request the webhook refuses: a flood of them must not flood the logs at Warning.</summary>
public class WebhookRefusalLogTests
{
    private const string WebhookCategory = "Smooven.Client.AspNetCore.Webhook";

    private static List<FakeLogRecord> Webhook(WebhookHost host, LogLevel level) =>
        [.. host.Logs.GetSnapshot().Where(r => r.Category == WebhookCategory && r.Level == level)];

    [Fact]
    public async Task A_flood_of_bad_signatures_logs_one_warning_a_minute_and_counts_the_rest()
    {
        await using var host = await WebhookHost.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            using var response = await host.PostAsync(SignatureVectors.Body, "t=1772697615,v1=" + new string('0', 64));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Single(Webhook(host, LogLevel.Warning));
        Assert.Equal(19, Webhook(host, LogLevel.Debug).Count(r => r.Id.Id == 2010));

        // Another reason is not hidden by the flood of the first.
        using (var missing = await host.PostAsync(SignatureVectors.Body, signature: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        }

        Assert.Contains(Webhook(host, LogLevel.Warning), r => r.Message.Contains(nameof(SignatureStatus.MissingHeader), StringComparison.Ordinal));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var later = await host.PostAsync(SignatureVectors.Body, "t=1772697675,v1=" + new string('0', 64)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, later.StatusCode);
        }

        var warnings = Webhook(host, LogLevel.Warning);
        Assert.Equal(3, warnings.Count);
        Assert.Contains(nameof(SignatureStatus.NoMatchingSignature), warnings[^1].Message, StringComparison.Ordinal);
        Assert.Contains(" 19 more", warnings[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_of_oversized_bodies_logs_one_warning_a_minute()
    {
        await using var host = await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxBodySize = 64));
        var big = Encoding.UTF8.GetBytes(new string('x', 65));

        for (var i = 0; i < 10; i++)
        {
            using var response = await host.PostAsync(big, "t=1,v1=x");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        Assert.Single(Webhook(host, LogLevel.Warning));
        Assert.Equal(9, Webhook(host, LogLevel.Debug).Count(r => r.Id.Id == 2011));
    }
}
