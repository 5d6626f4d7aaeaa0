using System.Text.RegularExpressions;
using Smooven.Emulator;

namespace Smooven.Client.Testing.Tests.Tool;

public class CommandLineTests
{
    [Fact]
    public void Without_options_it_listens_on_5080_with_a_generated_key_and_paced_callbacks()
    {
        var commandLine = CommandLine.Parse([]);

        Assert.Null(commandLine.Error);
        Assert.Equal(5080, commandLine.Port);
        Assert.Null(commandLine.SecretKey);
        Assert.Equal(EmulatorScenario.Delivered, commandLine.DefaultScenario);
        Assert.Equal(TimeSpan.FromMilliseconds(500), commandLine.EventInterval);
        Assert.Equal(100_000, commandLine.MaxRecorded);
    }

    [Fact]
    public void Options_set_port_key_scenario_interval_and_recording_cap()
    {
        var commandLine = CommandLine.Parse(["--port", "0", "--secret-key", "sk_test_demo", "--scenario", "fallback-failed", "--event-interval", "0", "--max-recorded", "500", "--verbose"]);

        Assert.Null(commandLine.Error);
        Assert.Equal(0, commandLine.Port);
        Assert.Equal("sk_test_demo", commandLine.SecretKey);
        Assert.Equal(EmulatorScenario.FallbackThenFailed, commandLine.DefaultScenario);
        Assert.Equal(TimeSpan.Zero, commandLine.EventInterval);
        Assert.Equal(500, commandLine.MaxRecorded);
        Assert.True(commandLine.Verbose);
    }

    [Theory]
    [InlineData(new[] { "--port", "http" }, "--port")]
    [InlineData(new[] { "--port", "70000" }, "--port")]
    [InlineData(new[] { "--port" }, "--port")]
    [InlineData(new[] { "--secret-key" }, "--secret-key")]
    [InlineData(new[] { "--secret-key", "--verbose" }, "--secret-key")] // a forgotten value must not make the next option the key
    [InlineData(new[] { "--scenario", "lost" }, "--scenario")]
    [InlineData(new[] { "--event-interval", "-1" }, "--event-interval")]
    [InlineData(new[] { "--max-recorded", "0" }, "--max-recorded")]
    [InlineData(new[] { "--max-recorded", "lots" }, "--max-recorded")]
    [InlineData(new[] { "--bind", "0.0.0.0" }, "--bind")]
    public void Bad_options_are_refused_with_a_message_naming_the_option(string[] args, string option)
    {
        var commandLine = CommandLine.Parse(args);

        Assert.NotNull(commandLine.Error);
        Assert.Contains(option, commandLine.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string> EveryTag => [.. SmoovenEmulator.ScenarioTags];

    [Theory]
    [MemberData(nameof(EveryTag))]
    public void Help_banner_and_scenario_error_all_name_every_tag(string tag)
    {
        var banner = Banner.For(new Uri("http://127.0.0.1:5080/"), "sk_test_demo");
        var error = CommandLine.Parse(["--scenario", "lost"]).Error!;

        // A whole tag: "+fallback" inside "+fallback-failed" does not count.
        var asTag = $@"\+{Regex.Escape(tag)}(?![\w-])";
        Assert.Matches(asTag, banner);
        Assert.Matches(asTag, CommandLine.Usage);
        Assert.Matches($@"(?<![\w-]){Regex.Escape(tag)}(?![\w-])", error);
        Assert.Equal(SmoovenEmulator.ScenarioFromUserId("sarah+" + tag + "@example.com"), CommandLine.Parse(["--scenario", tag]).DefaultScenario);
    }

    [Fact]
    public void The_tag_list_includes_clicked_and_every_scenario_has_a_tag()
    {
        Assert.Contains("clicked", SmoovenEmulator.ScenarioTags);
        Assert.Equal(
            Enum.GetValues<EmulatorScenario>(),
            SmoovenEmulator.ScenarioTags.Select(tag => SmoovenEmulator.ScenarioFromUserId("x+" + tag)!.Value).Distinct().Order());
    }
}
