using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AI.Guardrails;
using Smooven.Client.AI.Tests.Support;
using Smooven.Client.Testing;

namespace Smooven.Client.AI.Tests.Guardrails;

/// <summary>The per-recipient limit: exact on the tools' clock, counting only what may have reached the person.</summary>
public class RateLimitTests
{
    [Fact]
    public async Task Requests_smooven_refused_do_not_use_up_the_recipients_quota()
    {
        await using var host = await AgentHost.StartAsync(new SmoovenEmulatorOptions { Faults = { RejectFirstNotifyRequests = 2, RejectStatusCode = HttpStatusCode.UnprocessableEntity } });
        using var tools = host.Tools(o => o.PerRecipientLimit = 2);

        List<string> statuses = [];
        foreach (var intent in new[] { "Remind Sarah", "Tell Sarah parking is free", "Tell Sarah to bring her card", "Tell Sarah the room changed", "Tell Sarah the doctor is late" })
        {
            statuses.Add(AgentRun.Status(await NotifyAsync(tools, intent)));
        }

        Assert.Equal(["error", "error", "sent", "sent", "rate_limited"], statuses);
        Assert.Equal(2, host.Emulator.Notifications.Count);
    }

    [Fact]
    public async Task A_send_counts_for_exactly_the_window_on_the_tools_clock()
    {
        await using var host = await AgentHost.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var tools = host.Tools(o => { o.PerRecipientLimit = 2; o.PerRecipientWindow = TimeSpan.FromMinutes(10); }, clock);

        await NotifyAsync(tools, "Remind Sarah");
        clock.Advance(TimeSpan.FromMinutes(3));
        await NotifyAsync(tools, "Tell Sarah parking is free");
        var third = await NotifyAsync(tools, "Tell Sarah to bring her card");
        clock.Advance(TimeSpan.FromMinutes(7) - TimeSpan.FromTicks(1));
        var justBefore = await NotifyAsync(tools, "Tell Sarah the room changed");
        clock.Advance(TimeSpan.FromTicks(1));
        var atTheBoundary = await NotifyAsync(tools, "Tell Sarah the doctor is late");
        var next = await NotifyAsync(tools, "Tell Sarah the lab results are in");

        Assert.Equal("rate_limited", AgentRun.Status(third));
        Assert.Equal(420, third.GetProperty("retry_after_seconds").GetInt32());
        Assert.Equal("rate_limited", AgentRun.Status(justBefore));
        Assert.Equal(1, justBefore.GetProperty("retry_after_seconds").GetInt32());
        Assert.Equal("sent", AgentRun.Status(atTheBoundary));
        Assert.Equal("rate_limited", AgentRun.Status(next));
        Assert.Equal(180, next.GetProperty("retry_after_seconds").GetInt32());
        Assert.Equal(3, host.Emulator.Notifications.Count);
    }

    [Fact]
    public void Recipients_whose_window_has_passed_are_forgotten()
    {
        var clock = new FakeTimeProvider();
        var limiter = new RecipientRateLimiter(1, TimeSpan.FromMinutes(1), clock);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 5_000; i++)
            {
                Assert.Null(limiter.TryTake($"user{round}-{i}@example.com", out _));
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.InRange(limiter.TrackedRecipients, 5_000, 10_000); // the last round, and at most as many forgotten-to-be
    }

    private static async Task<JsonElement> NotifyAsync(SmoovenAITools tools, string intent) =>
        Assert.IsType<JsonElement>(await tools.Functions[0].InvokeAsync(new AIFunctionArguments
        {
            ["intent"] = intent,
            ["user_id"] = "sarah@example.com",
            ["wait_for_outcome"] = false,
        }));
}
