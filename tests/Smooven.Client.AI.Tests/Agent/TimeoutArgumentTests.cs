using System.Text.Json;
using Microsoft.Extensions.AI;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>Whatever positive timeout_seconds a model writes (the schema allows any), the tool answers with a result.</summary>
public class TimeoutArgumentTests
{
    [Fact]
    public async Task A_timeout_too_short_to_measure_still_ends_in_a_result_after_the_send()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var result = await tools.Functions[0].InvokeAsync(new AIFunctionArguments(AgentRun.Json(
            """{"intent":"Remind Sarah","user_id":"sarah+silence@example.com","timeout_seconds":1e-9}""")));

        var json = Assert.IsType<JsonElement>(result);
        Assert.Equal("timed_out", AgentRun.Status(json));
        Assert.Equal(host.Emulator.Notifications.Single().NotificationId, json.GetProperty("notification_id").GetString());
        Assert.Equal(0, host.Tracker.PendingCount);
    }
}
