using System.Globalization;
using Smooven.Client.Testing;

namespace Smooven.Emulator;

/// <summary>The settings given on the command line, or why they could not be read.</summary>
internal sealed record CommandLine(
    int Port,
    string? SecretKey,
    EmulatorScenario DefaultScenario,
    TimeSpan EventInterval,
    int MaxRecorded,
    bool Verbose,
    bool ShowHelp,
    string? Error)
{
    public const int DefaultPort = 5080;

    /// <summary>The scenario tags as <c>+delivered, +failed, ...</c>, from the emulator's one table.</summary>
    public static string TagList { get; } = string.Join(", ", SmoovenEmulator.ScenarioTags.Select(tag => "+" + tag));

    /// <summary>The names <c>--scenario</c> accepts: the same tags, without the <c>+</c>.</summary>
    public static string ScenarioNames { get; } = string.Join(", ", SmoovenEmulator.ScenarioTags);

    public static string Usage { get; } = $"""
        Usage: smooven-emulator [options]

        Runs a local Smooven on 127.0.0.1 until Ctrl+C: POST /v1/agent/notify, then signed
        status callbacks to the request's callback_url.

        Options:
          --port <port>            Port on 127.0.0.1 (default 5080; 0 picks a free one).
          --secret-key <key>       The Bearer key to require and to sign callbacks with
                                   (default: a new random sk_test_... key).
          --scenario <name>        Scenario when the user_id has no tag (default delivered):
        {Wrap(ScenarioNames + ".", 27)}
          --event-interval <ms>    Gap between a notification's callbacks (default 500).
          --max-recorded <n>       Requests, notifications and callback attempts kept in
                                   memory, each; the oldest go first (default 100000).
          --verbose                Also log each callback body.
          -h, --help               Show this help.

        Pick a scenario per notification with a tag in context.user_id, such as
        sarah+failed@example.com; sarah@example.com has no tag and is delivered. The tags:
        {Wrap(TagList + ".", 2)}
        """;

    // Breaks a comma-separated list into lines of at most 90 columns, each indented.
    private static string Wrap(string list, int indent)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var item in list.Split(' '))
        {
            if (line.Length > 0 && indent + line.Length + 1 + item.Length > 90)
            {
                lines.Add(new string(' ', indent) + line);
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(item);
        }

        lines.Add(new string(' ', indent) + line);
        return string.Join(Environment.NewLine, lines);
    }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine(DefaultPort, null, EmulatorScenario.Delivered, TimeSpan.FromMilliseconds(500), SmoovenEmulatorOptions.DefaultMaxRecordedItems, false, false, null);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            // An option in the value's place means the value was forgotten: "--secret-key --verbose" must not make "--verbose" the key.
            string? Value() => i + 1 < args.Count && !args[i + 1].StartsWith('-') ? args[++i] : null;
            result = name switch
            {
                "-h" or "--help" or "-?" => result with { ShowHelp = true },
                "--verbose" => result with { Verbose = true },
                "--port" => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                    ? result with { Port = port }
                    : result with { Error = "--port needs a number between 0 and 65535." },
                "--secret-key" => Value() is { Length: > 0 } key && !string.IsNullOrWhiteSpace(key)
                    ? result with { SecretKey = key }
                    : result with { Error = "--secret-key needs a value." },
                "--scenario" => SmoovenEmulator.ScenarioFromUserId("x+" + Value()) is { } scenario
                    ? result with { DefaultScenario = scenario }
                    : result with { Error = $"--scenario must be one of {ScenarioNames}." },
                "--event-interval" => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                    ? result with { EventInterval = TimeSpan.FromMilliseconds(ms) }
                    : result with { Error = "--event-interval needs a whole number of milliseconds." },
                "--max-recorded" => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0
                    ? result with { MaxRecorded = max }
                    : result with { Error = "--max-recorded needs a whole number above 0." },
                _ => result with { Error = $"Unknown option '{name}'." },
            };

            if (result.Error is not null)
            {
                return result;
            }
        }

        return result;
    }
}
