using System.Globalization;
using System.Text;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>One line of a scaling chart: a value per point of the x axis (NaN: not measured).</summary>
internal sealed record CurveSeries(string Name, IReadOnlyList<double> Values, bool IsReference);

/// <summary>
/// A scaling curve: the SDK and its floor or peer against the same x axis, each point already the
/// median of interleaved rounds. Saved as scaling-{Name}.svg beside the ratio chart and as
/// scaling-{Name}.md in the results directory.
/// </summary>
internal sealed record ScalingCurve(string Name, string Title, string XLabel, string YLabel, IReadOnlyList<string> Points, IReadOnlyList<CurveSeries> Series, string Note)
{
    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {XLabel} | {string.Join(" | ", Series.Select(s => $"{s.Name}: {YLabel}"))} |");
        text.AppendLine("| ---: |" + string.Concat(Series.Select(_ => " ---: |")));
        for (var i = 0; i < Points.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Points[i]} | {string.Join(" | ", Series.Select(s => Format(s.Values[i])))} |");
        }

        return text.ToString();
    }

    public void Save(LoadOptions options)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var machine = MachineLine.Describe();
        var settings = options.Full ? "--full" : options.Quick ? "--quick" : "default lengths";
        File.WriteAllText(
            Path.Combine(options.OutputDirectory, $"scaling-{Name}.md"),
            $"#### {Title}{Environment.NewLine}{Environment.NewLine}Machine: {machine}; {settings}{Environment.NewLine}{Environment.NewLine}{Markdown()}{Environment.NewLine}{Note}{Environment.NewLine}");
        var svgPath = Path.Combine(Path.GetDirectoryName(options.SvgPath)!, $"scaling-{Name}.svg");
        File.WriteAllText(svgPath, LineChart.Render(this, machine, (options.Quick ? "QUICK: a smoke test, not evidence. " : string.Empty) + Note));
        Console.WriteLine();
        Console.WriteLine($"#### {Title}");
        Console.WriteLine(Markdown());
        Console.WriteLine($"Wrote {svgPath}");
    }

    public static string Format(double value) => double.IsNaN(value)
        ? "n/a"
        : value.ToString(value >= 100 ? "N0" : "0.00", CultureInfo.InvariantCulture);
}
