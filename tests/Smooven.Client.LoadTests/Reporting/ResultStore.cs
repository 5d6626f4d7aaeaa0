using System.Text.Json;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>
/// Keeps each run's latest report in artifacts/perf/load.json (runs can be repeated one at a
/// time), renders load.md, and redraws the chart with the micro-benchmark ratios beside them.
/// </summary>
internal static class ResultStore
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private static readonly string[] RunOrder = ["notify", "webhook-peer", "webhook", "tracker", "redis-throughput", "redis-latency"];

    public static IReadOnlyList<RunReport> Save(string directory, IEnumerable<RunReport> fresh)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "load.json");
        var byRun = Load(directory).ToDictionary(r => r.Run, StringComparer.Ordinal);
        foreach (var report in fresh)
        {
            byRun[report.Run] = report;
        }

        var all = RunOrder.Where(byRun.ContainsKey).Select(r => byRun[r]).ToList();
        File.WriteAllText(path, JsonSerializer.Serialize(all, JsonOptions));
        File.WriteAllText(Path.Combine(directory, "load.md"), string.Join(Environment.NewLine, all.Select(r =>
            $"#### {r.Run}{Environment.NewLine}{Environment.NewLine}Machine: {r.Machine}; {r.Settings}{Environment.NewLine}{Environment.NewLine}{r.Markdown}")));
        return all;
    }

    public static IReadOnlyList<RunReport> Load(string directory)
    {
        var path = Path.Combine(directory, "load.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<List<RunReport>>(File.ReadAllText(path)) ?? [] : [];
    }

    public static void DrawChart(string directory, string svgPath)
    {
        var ratios = new List<Ratio>(MicroRatios(directory));
        var runs = Load(directory);
        ratios.AddRange(runs.SelectMany(r => r.Ratios));
        var quick = runs.Any(r => r.Quick) || MicroWasQuick(directory) ? "QUICK runs included: a smoke test, not evidence. " : string.Empty;
        var machine = runs.Select(r => r.Machine).FirstOrDefault() ?? MachineLine.Describe();
        Directory.CreateDirectory(Path.GetDirectoryName(svgPath)!);
        File.WriteAllText(svgPath, RatioChart.Render(
            "Smooven.Client against its peers and the floor",
            machine,
            quick + "Micro: time per operation (BenchmarkDotNet). Load: medians of A/B rounds on loopback. See docs/benchmarks.md.",
            ratios));
        Console.WriteLine($"Wrote {svgPath}");
    }

    private static bool MicroWasQuick(string directory)
    {
        var path = Path.Combine(directory, "micro.json");
        if (!File.Exists(path))
        {
            return false;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("Quick").GetBoolean();
    }

    // The benchmark program's ratios; amounts that are not ratios (bytes) stay in the tables.
    private static IEnumerable<Ratio> MicroRatios(string directory)
    {
        var path = Path.Combine(directory, "micro.json");
        if (!File.Exists(path))
        {
            Console.WriteLine($"No {path} yet: run the benchmarks first to have their ratios in the chart.");
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var item in document.RootElement.GetProperty("Ratios").EnumerateArray())
        {
            if (item.GetProperty("Unit").GetString() != "x")
            {
                continue;
            }

            var value = item.GetProperty("Value");
            var limit = item.GetProperty("Limit");
            yield return new Ratio(
                "micro: " + item.GetProperty("Label").GetString(),
                value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN,
                limit.ValueKind == JsonValueKind.Number ? limit.GetDouble() : null,
                item.GetProperty("LowerIsBetter").GetBoolean());
        }
    }
}
