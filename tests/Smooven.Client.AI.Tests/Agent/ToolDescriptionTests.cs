using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>What a model is shown: names, descriptions and schemas with enums and defaults.</summary>
public class ToolDescriptionTests
{
    [Fact]
    public void The_two_tools_have_their_fixed_names_and_model_facing_schemas()
    {
        using var tools = new SmoovenAITools(new SmoovenClient("sk_test_x"), new DeliveryTracker(), new SmoovenAIToolOptions { MaxWait = TimeSpan.FromSeconds(90) });

        Assert.Equal(["notify_user", "get_notification_status"], tools.Functions.Select(f => f.Name));
        var notify = tools.Functions[0].JsonSchema;
        Assert.Equal(["intent", "user_id"], notify.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var properties = notify.GetProperty("properties");
        Assert.Equal(["low", "normal", "high", "critical"], properties.GetProperty("urgency").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("normal", properties.GetProperty("urgency").GetProperty("default").GetString());
        Assert.True(properties.GetProperty("wait_for_outcome").GetProperty("default").GetBoolean());
        Assert.Equal(90, properties.GetProperty("timeout_seconds").GetProperty("maximum").GetDouble());
        Assert.Equal(60, properties.GetProperty("timeout_seconds").GetProperty("default").GetDouble());
        Assert.Equal(["notification_id"], tools.Functions[1].JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.All(tools.Functions, f => Assert.Contains("status", f.ReturnJsonSchema!.Value.GetProperty("properties").EnumerateObject().Select(p => p.Name)));
        Assert.All(tools.Functions, f => Assert.InRange(f.Description.Length, 80, 600));
    }

    [Fact]
    public void A_max_wait_under_a_second_still_leaves_timeouts_the_schema_allows()
    {
        using var tools = new SmoovenAITools(new SmoovenClient("sk_test_x"), new DeliveryTracker(), new SmoovenAIToolOptions { MaxWait = TimeSpan.FromMilliseconds(500) });

        var timeout = tools.Functions[0].JsonSchema.GetProperty("properties").GetProperty("timeout_seconds");

        Assert.Equal(0, timeout.GetProperty("exclusiveMinimum").GetDouble());
        Assert.Equal(0.5, timeout.GetProperty("maximum").GetDouble());
        Assert.Equal(0.5, timeout.GetProperty("default").GetDouble());
    }

    [Fact]
    public void Results_serialize_through_the_options_handed_to_microsoft_extensions_ai()
    {
        using var tools = new SmoovenAITools(new SmoovenClient("sk_test_x"), new DeliveryTracker());
        var options = tools.Functions[0].JsonSerializerOptions;

        // M.E.AI serializes the JsonElement result with these options; its own types resolve too.
        var text = JsonSerializer.Serialize(JsonDocument.Parse("""{"status":"sent"}""").RootElement, options);
        Assert.Equal("""{"status":"sent"}""", text);
        Assert.NotNull(options.GetTypeInfo(typeof(ChatMessage)));
    }
}
