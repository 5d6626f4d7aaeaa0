using System.Globalization;
using System.Text;
using Smooven.Client.LoadTests.Measuring;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>One run's outcome as docs/benchmarks.md shows it: a markdown table and the ratios for the chart.</summary>
internal sealed record RunReport(string Run, string Machine, bool Quick, string Settings, string Markdown, IReadOnlyList<Ratio> Ratios, long Failures)
{
    public static RunReport FromAb(
        string run, LoadOptions options, AbResult result, string subject, string reference, string shortName, string unit, double throughputTarget, string? load = null)
    {
        var a = result.MedianA;
        var b = result.MedianB;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {run} ({load ?? $"{options.Callers} concurrent callers"}, {options.Rounds} A/B rounds of {options.Duration.TotalSeconds:0.#} s) | {unit}/s | p50 | p99 | allocated per {unit} (process) | CPU per {unit} (process) | failed |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| A: {subject} | {result.MedianPerSecondA:N0} | {Ms(a.P50Ms)} | {Ms(a.P99Ms)} | {a.AllocatedBytesPerOp:N0} B | {a.CpuMicrosecondsPerOp:0.0} µs | {a.Errors} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| B: {reference} | {result.MedianPerSecondB:N0} | {Ms(b.P50Ms)} | {Ms(b.P99Ms)} | {b.AllocatedBytesPerOp:N0} B | {b.CpuMicrosecondsPerOp:0.0} µs | {b.Errors} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **median ratio A/B** | **{result.ThroughputRatio:0.000}** (target ≥ {throughputTarget:0.00}) | {result.P50Ratio:0.00} | {result.P99Ratio:0.00} | | {result.CpuRatio:0.00} | |");
        text.AppendLine();
        text.AppendLine("Per round (A/B throughput): " + string.Join(", ", result.Rounds.Select(
            (r, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}: {r.A.PerSecond:N0} / {r.B.PerSecond:N0} = {r.A.PerSecond / r.B.PerSecond:0.000}"))));

        Ratio[] ratios =
        [
            new($"load: {shortName}, throughput", result.ThroughputRatio, throughputTarget, LowerIsBetter: false),
            new($"load: {shortName}, p99 latency", result.P99Ratio, null, LowerIsBetter: true),
        ];
        return new RunReport(run, MachineLine.Describe(), options.Quick, Describe(options), text.ToString(), ratios, result.Errors);
    }

    public static string Describe(LoadOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"rounds {options.Rounds}, phase {options.Duration.TotalSeconds:0.#} s, warm-up {options.Warmup.TotalSeconds:0.#} s, callers {options.Callers}, waits {options.Waits}{(options.PinRedis ? ", --pin-redis" : string.Empty)}{(options.SeparateProcesses ? ", --separate-processes (in the latency rounds, CPU, bytes and GCs per callback are this process's: the callers only)" : string.Empty)}{(options.Quick ? ", QUICK" : string.Empty)}");

    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
