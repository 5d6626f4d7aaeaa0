using ChatAgent;
using Smooven.Client.AI.Tests.Support;
using Smooven.Client.Testing;

namespace Smooven.Client.AI.Tests.Samples;

/// <summary>The ChatAgent sample's scripted agent, against the emulator with the sample's scenarios.</summary>
public class ChatAgentTests
{
    [Fact]
    public async Task A_delivered_reminder_is_reported_without_escalating()
    {
        await using var host = await AgentHost.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = DemoScenarios.Pick });
        using var tools = host.Tools();
        using var output = new StringWriter();

        var status = await ChatDemo.RunAsync(new ScriptedModel("sarah@example.com"), tools, output).WaitAsync(AgentRun.Patience);

        Assert.Equal("delivered", status);
        Assert.Single(host.Emulator.Notifications);
        Assert.Contains("agent: Done: Sarah has her reminder (delivered by sms).", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_reminder_is_escalated_at_critical_urgency_and_reaches_sarah_by_email()
    {
        await using var host = await AgentHost.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = DemoScenarios.Pick });
        using var tools = host.Tools();
        using var output = new StringWriter();

        var status = await ChatDemo.RunAsync(new ScriptedModel("sarah+failed@example.com"), tools, output).WaitAsync(AgentRun.Patience);

        Assert.Equal("delivered", status);
        Assert.Equal([Urgency.Normal, Urgency.Critical], host.Emulator.Notifications.Select(n => n.Urgency));
        var text = output.ToString();
        Assert.Contains("\"status\":\"failed\"", text, StringComparison.Ordinal);
        Assert.Contains("calls notify_user(urgency: critical", text, StringComparison.Ordinal);
        Assert.Contains("that reached Sarah by email", text, StringComparison.Ordinal);
    }
}
