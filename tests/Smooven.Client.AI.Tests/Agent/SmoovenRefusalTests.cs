using System.Net;
using Smooven.Client.AI.Tests.Support;
using Smooven.Client.Testing;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>
/// Smooven refuses a send: the model reads back a result, never an exception, that tells it who is at
/// fault and what it can still do.
/// </summary>
public class SmoovenRefusalTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

    [Fact]
    public async Task A_wrong_secret_key_tells_the_model_the_application_is_misconfigured_and_not_to_retry()
    {
        await using var host = await AgentHost.StartAsync();
        using var wrongKey = new SmoovenClient(null, new SmoovenClientOptions { SecretKey = "sk_test_not_the_key", BaseAddress = host.Emulator.BaseAddress }, host.Tracker, null, null);
        using var tools = new SmoovenAITools(wrongKey, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        var (_, result) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1"));

        Assert.Equal("error", AgentRun.Status(result));
        Assert.False(result.TryGetProperty("retry_after_seconds", out _));
        var message = AgentRun.Message(result);
        Assert.Contains("401", message, StringComparison.Ordinal);
        Assert.Contains("application is misconfigured", message, StringComparison.Ordinal);
        Assert.Contains("Do not retry", message, StringComparison.Ordinal);
        Assert.Contains("tell the user it could not be sent", message, StringComparison.Ordinal);
        Assert.DoesNotContain("fix the request", message, StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Notifications);
    }

    [Fact]
    public async Task A_403_tells_the_model_the_application_is_misconfigured_and_not_to_retry()
    {
        await using var host = await AgentHost.StartAsync(new SmoovenEmulatorOptions { Faults = { RejectFirstNotifyRequests = 1, RejectStatusCode = HttpStatusCode.Forbidden } });
        using var tools = host.Tools();

        var (_, result) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));

        Assert.Equal("error", AgentRun.Status(result));
        var message = AgentRun.Message(result);
        Assert.Contains("403", message, StringComparison.Ordinal);
        Assert.Contains("application is misconfigured", message, StringComparison.Ordinal);
        Assert.Contains("Do not retry", message, StringComparison.Ordinal);
        Assert.DoesNotContain("fix the request", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smooven_s_own_429_cites_its_retry_after_and_not_the_recipient_limit()
    {
        // Two minutes is past the client's MaxRetryAfter, so the 429 reaches the tools at once.
        await using var host = await AgentHost.StartAsync(new SmoovenEmulatorOptions
        {
            Faults = { RejectFirstNotifyRequests = 1, RejectStatusCode = HttpStatusCode.TooManyRequests, RetryAfter = TimeSpan.FromMinutes(2) },
        });
        using var tools = host.Tools(o => { o.PerRecipientLimit = 1; o.PerRecipientWindow = TimeSpan.FromHours(1); });

        var (_, limited) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        var (_, next) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", intent: "Tell Sarah parking is free", extra: NoWait));

        Assert.Equal("rate_limited", AgentRun.Status(limited));
        Assert.Equal(120, limited.GetProperty("retry_after_seconds").GetInt32());
        var message = AgentRun.Message(limited);
        Assert.Contains("Smooven is rate limiting this application", message, StringComparison.Ordinal);
        Assert.DoesNotContain("already been notified", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hour", message, StringComparison.Ordinal);
        Assert.Equal("sent", AgentRun.Status(next)); // the refused send did not use up Sarah's one notification
    }
}
