using System.Text.Json;
using Microsoft.Extensions.AI;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>A model's malformed call gets an 'invalid' result it can fix, never an exception, and sends nothing.</summary>
public class BadArgumentTests
{
    public static TheoryData<string, string> BadCalls => new()
    {
        { """{"intent":"Remind Sarah"}""", "'user_id' is required" },
        { """{"intent":"Remind Sarah","user_id":"   "}""", "'user_id' is required" },
        { """{"user_id":"sarah@example.com"}""", "'intent' is required" },
        { """{"intent":"Remind Sarah","user_id":42}""", "'user_id' must be a string" },
        { """{"intent":"Remind Sarah","user_id":"sarah@example.com","urgency":"asap"}""", "one of low, normal, high or critical" },
        { """{"intent":"Remind Sarah","user_id":"sarah@example.com","timeout_seconds":-5}""", "'timeout_seconds' must be a positive number" },
        { """{"intent":"Remind Sarah","user_id":"sarah@example.com","timeout_seconds":"soon"}""", "'timeout_seconds' must be a number" },
        { """{"intent":"Remind Sarah","user_id":"sarah@example.com","wait_for_outcome":"maybe"}""", "'wait_for_outcome' must be true or false" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task A_bad_call_through_the_agent_is_invalid_and_says_what_to_fix(string arguments, string expected)
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (_, result) = await AgentRun.TurnAsync(tools, new FunctionCallContent("call_1", "notify_user", AgentRun.Json(arguments)));

        Assert.Equal("invalid", AgentRun.Status(result));
        Assert.Contains(expected, AgentRun.Message(result), StringComparison.Ordinal);
        Assert.Contains("fix the arguments and call again", AgentRun.Message(result), StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Requests);
    }

    [Fact]
    public async Task Invoked_directly_with_arguments_missing_or_of_the_wrong_kind_it_still_answers()
    {
        using var tracker = new DeliveryTracker();
        using var client = new SmoovenClient("sk_test_never_used");
        using var tools = new SmoovenAITools(client, tracker);

        var missing = await tools.Functions[0].InvokeAsync(new AIFunctionArguments());
        var wrongKind = await tools.Functions[0].InvokeAsync(new AIFunctionArguments { ["intent"] = new object(), ["user_id"] = "sarah@example.com" });
        var noId = await tools.Functions[1].InvokeAsync(new AIFunctionArguments { ["notification_id"] = 7 });

        Assert.Equal("invalid", AgentRun.Status(Assert.IsType<JsonElement>(missing)));
        Assert.Contains("'intent' must be a string", AgentRun.Message(Assert.IsType<JsonElement>(wrongKind)), StringComparison.Ordinal);
        Assert.Contains("'notification_id' must be a string", AgentRun.Message(Assert.IsType<JsonElement>(noId)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotnet_values_and_json_nulls_are_read_like_a_models_json()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DryRun = true);

        var result = (JsonElement)(await tools.Functions[0].InvokeAsync(new AIFunctionArguments
        {
            ["intent"] = "Remind Sarah",
            ["user_id"] = "sarah@example.com",
            ["urgency"] = JsonDocument.Parse("null").RootElement,
            ["wait_for_outcome"] = "false",
            ["timeout_seconds"] = 45,
        }))!;

        var request = result.GetProperty("request");
        Assert.Equal("normal", request.GetProperty("urgency").GetString());
        Assert.False(request.GetProperty("wait_for_outcome").GetBoolean());
        Assert.Equal(45, request.GetProperty("timeout_seconds").GetDouble());
    }
}
