using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Reports;

namespace Smooven.Client.Benchmarks.Reporting;

/// <summary>
/// The run's numbers in the shape docs/benchmarks.md and the ratio chart use: one table per
/// group, and each target as subject / reference against its limit.
/// </summary>
internal sealed class MicroReport
{
    /// <summary>Labels the ratios measured outside BenchmarkDotNet (see InterleavedTrackerCost): they survive its runs.</summary>
    public const string InterleavedPrefix = "interleaved: ";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public required string Machine { get; init; }

    public required bool Quick { get; init; }

    public required IReadOnlyList<MicroRow> Rows { get; init; }

    public required IReadOnlyList<TargetRatio> Ratios { get; init; }

    public static MicroReport From(IReadOnlyList<Summary> summaries, bool quick)
    {
        var rows = new List<MicroRow>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var descriptor = report.BenchmarkCase.Descriptor;
                rows.Add(new MicroRow(
                    descriptor.Type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal),
                    descriptor.WorkloadMethod.Name,
                    descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                    descriptor.Baseline,
                    report.Success ? report.ResultStatistics?.Mean : null,
                    report.Success ? report.ResultStatistics?.StandardDeviation : null,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)));
            }
        }

        var machine = summaries.Count > 0 && summaries[0].HostEnvironmentInfo is { } host
            ? string.Join("; ", host.ToFormattedString().Select(line => line.Trim()).Where(line => line.Length > 0))
            : "unknown";
        rows = [.. rows.OrderBy(r => GroupOrder(r.Group))];
        return new MicroReport { Machine = machine, Quick = quick, Rows = rows, Ratios = Targets(rows) };
    }

    /// <summary>
    /// Adds the groups of an earlier run that this one did not measure (a run with --filter), so the
    /// results stay complete; the groups measured now replace the earlier ones.
    /// </summary>
    public MicroReport MergedWithEarlier(string directory)
    {
        if (Load(directory) is not { } earlier)
        {
            return this;
        }

        var measured = Rows.Select(r => r.Group).ToHashSet(StringComparer.Ordinal);
        var kept = earlier.Rows.Where(r => !measured.Contains(r.Group)).ToList();
        var rows = Rows.Concat(kept).OrderBy(r => GroupOrder(r.Group)).ToList();
        return new MicroReport
        {
            Machine = Machine,
            Quick = Quick || (kept.Count > 0 && earlier.Quick),
            Rows = rows,
            Ratios = [.. Targets(rows), .. earlier.Ratios.Where(r => r.Label.StartsWith(InterleavedPrefix, StringComparison.Ordinal))],
        };
    }

    /// <summary>The results left in <paramref name="directory"/> by an earlier run, if any.</summary>
    public static MicroReport? Load(string directory)
    {
        var path = Path.Combine(directory, "micro.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<MicroReport>(File.ReadAllText(path)) : null;
    }

    /// <summary>This report with the interleaved ratios replaced by <paramref name="ratios"/>, labelled with <see cref="InterleavedPrefix"/>.</summary>
    public MicroReport WithInterleaved(IEnumerable<TargetRatio> ratios) => new()
    {
        Machine = Machine,
        Quick = Quick,
        Rows = Rows,
        Ratios = [.. Ratios.Where(r => !r.Label.StartsWith(InterleavedPrefix, StringComparison.Ordinal)), .. ratios],
    };

    public IReadOnlyList<string> Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "micro.json");
        var markdown = Path.Combine(directory, "micro.md");
        File.WriteAllText(json, JsonSerializer.Serialize(this, JsonOptions));
        File.WriteAllText(markdown, ToMarkdown());
        return [json, markdown];
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}{(Quick ? " (QUICK RUN: smoke test, not evidence)" : string.Empty)}");
        foreach (var group in Rows.GroupBy(r => r.Group))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"#### {group.Key}");
            text.AppendLine();
            text.AppendLine("| benchmark | mean | stddev | ratio to baseline | allocated |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            var baseline = group.FirstOrDefault(r => r.IsBaseline)?.MeanNs;
            foreach (var row in group)
            {
                var ratio = row.MeanNs is { } mean && baseline is { } b ? (mean / b).ToString("0.00", CultureInfo.InvariantCulture) : "-";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Display}{(row.IsBaseline ? " (baseline)" : string.Empty)} | {Time(row.MeanNs)} | {Time(row.StdDevNs)} | {ratio} | {Bytes(row.AllocatedBytes)} |");
            }
        }

        text.AppendLine();
        text.AppendLine("| target | measured | limit | met |");
        text.AppendLine("| --- | ---: | ---: | :---: |");
        foreach (var ratio in Ratios)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {ratio.Label} | {Format(ratio.Value, ratio.Unit)} | {Limit(ratio)} | {Met(ratio.Met)} |");
        }

        return text.ToString();
    }

    private static List<TargetRatio> Targets(List<MicroRow> rows)
    {
        double? Mean(string method) => rows.FirstOrDefault(r => r.Method == method)?.MeanNs;
        double? Ratio(string subject, string reference) =>
            Mean(subject) is { } s && Mean(reference) is { } r && r > 0 ? s / r : null;

        var checkAllocated = rows.FirstOrDefault(r => r.Method == "SmoovenCheck")?.AllocatedBytes;
        var trackerAllocated = rows.FirstOrDefault(r => r.Method == "Tracker")?.AllocatedBytes;
        return
        [
            TargetRatio.AtMost("signature check / reused-HMAC floor", Ratio("SmoovenCheck", "Floor_ReusedHmac"), 1.25),
            TargetRatio.AtMost("signature check allocation (bytes)", checkAllocated, 0, unit: "B"),
            TargetRatio.AtMost("signature check / Stripe.net", Ratio("SmoovenCheck", "Stripe_ValidateSignature"), 1.0),
            TargetRatio.AtMost("signature check / StandardWebhooks", Ratio("SmoovenCheck", "StandardWebhooks_Verify"), 1.0),
            TargetRatio.AtMost("tracker round trip, 30 s timeout (mean)", Mean("Tracker"), 1000, unit: " ns"),
            TargetRatio.AtMost("tracker round trip allocation (bytes)", trackerAllocated, 400, unit: "B"),
            TargetRatio.Informational("tracker / bare dictionary floor", Ratio("Tracker", "BareDictionary")),
            TargetRatio.Informational("tracker without timeout / floor", Ratio("TrackerWithoutDeadline", "BareDictionary")),
            TargetRatio.Informational("NotifyAsync / raw HttpClient, in memory", Ratio("Sdk", "Raw")),
            TargetRatio.Informational("source-generated / reflection JSON", Ratio("SourceGenerated", "Reflection")),
            TargetRatio.Informational("Verify (check + parse) / Parse", Ratio("Verify", "Parse")),
        ];
    }

    private static int GroupOrder(string group) => Array.IndexOf(["SignatureCheck", "CallbackRead", "NotifySerialization", "NotifyCall", "Tracker"], group) switch
    {
        -1 => int.MaxValue,
        var index => index,
    };

    private static string Time(double? ns) => ns switch
    {
        null => "n/a",
        >= 1_000_000 => (ns.Value / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1_000 => (ns.Value / 1_000).ToString("0.000", CultureInfo.InvariantCulture) + " µs",
        _ => ns.Value.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "n/a",
        0 => "0 B",
        _ => bytes.Value.ToString("N0", CultureInfo.InvariantCulture) + " B",
    };

    private static string Format(double? value, string unit) =>
        value is null ? "n/a" : unit == "B" ? Bytes((long)value.Value) : value.Value.ToString("0.00", CultureInfo.InvariantCulture) + unit;

    private static string Limit(TargetRatio ratio) =>
        ratio.Limit is null ? "(for information)" : (ratio.LowerIsBetter ? "≤ " : "≥ ") + Format(ratio.Limit, ratio.Unit);

    private static string Met(bool? met) => met switch { true => "yes", false => "**no**", null => "-" };
}

/// <summary>One benchmark's result; times in nanoseconds per operation.</summary>
internal sealed record MicroRow(
    string Group, string Method, string Display, bool IsBaseline, double? MeanNs, double? StdDevNs, long? AllocatedBytes);

/// <summary>A measured ratio (or amount) against its target; <see cref="Met"/> is null for information only.</summary>
internal sealed record TargetRatio(string Label, double? Value, double? Limit, bool LowerIsBetter, string Unit)
{
    public bool? Met => Value is { } v && Limit is { } l ? (LowerIsBetter ? v <= l : v >= l) : null;

    public static TargetRatio AtMost(string label, double? value, double limit, string unit = "x") => new(label, value, limit, true, unit);

    public static TargetRatio Informational(string label, double? value) => new(label, value, null, true, "x");
}
