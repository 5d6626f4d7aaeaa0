using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Smooven.Client.AI.Tests.Agent;

public class RegistrationTests
{
    [Fact]
    public void AddSmoovenAITools_registers_one_shared_instance_with_the_configured_options()
    {
        var services = new ServiceCollection();
        services.AddSmoovenClient(o => o.SecretKey = "sk_test_di");
        services.AddSmoovenAITools(o => o.DryRun = true);
        using var provider = services.BuildServiceProvider();

        var tools = provider.GetRequiredService<SmoovenAITools>();

        Assert.Same(tools, provider.GetRequiredService<SmoovenAITools>());
        Assert.Equal(2, tools.Functions.Count);
        Assert.True(provider.GetRequiredService<IOptions<SmoovenAIToolOptions>>().Value.DryRun);
    }

    [Fact]
    public void Bad_options_are_refused_with_what_to_change()
    {
        var services = new ServiceCollection();
        services.AddSmoovenClient(o => o.SecretKey = "sk_test_di");
        services.AddSmoovenAITools(o => o.PerRecipientLimit = 0);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SmoovenAITools>());
        Assert.Contains("PerRecipientLimit must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxWait")]
    [InlineData("DuplicateIntentWindow")]
    [InlineData("CallbackUrl")]
    public void Without_di_bad_options_throw_at_construction(string property)
    {
        var options = new SmoovenAIToolOptions();
        switch (property)
        {
            case "MaxWait": options.MaxWait = TimeSpan.Zero; break;
            case "DuplicateIntentWindow": options.DuplicateIntentWindow = TimeSpan.FromSeconds(-1); break;
            default: options.CallbackUrl = new Uri("/webhooks/smooven", UriKind.Relative); break;
        }

        var error = Assert.Throws<ArgumentException>(() => new SmoovenAITools(new SmoovenClient("sk_test_x"), new DeliveryTracker(), options));
        Assert.Contains("SmoovenAIToolOptions." + property, error.Message, StringComparison.Ordinal);
    }
}
