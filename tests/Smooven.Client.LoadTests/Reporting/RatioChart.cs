using System.Globalization;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>
/// Draws the ratios as a self-contained SVG: one bar per comparison, the target as a tick, parity
/// (1.0) as a dashed line; green met, red missed, grey for information. No external tools.
/// </summary>
internal static class RatioChart
{
    private const int Width = 1100;
    private const int LabelWidth = 430;
    private const int BarArea = 420;
    private const int RowHeight = 30;
    private const int Top = 76;

    public static string Render(string title, string subtitle, string note, IReadOnlyList<Ratio> ratios)
    {
        var max = ratios.SelectMany(r => new[] { r.Value, r.Limit ?? 0 }).Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max();
        var scaleMax = Math.Ceiling(Math.Max(max, 1.0) * 1.1 * 2) / 2;
        double X(double value) => LabelWidth + (Math.Min(value, scaleMax) / scaleMax * BarArea);
        var height = Top + (ratios.Count * RowHeight) + 48;

        var svg = SvgDocument.Begin(Width, height, title, subtitle, note);

        for (var tick = 0.0; tick <= scaleMax + 1e-9; tick += scaleMax <= 2 ? 0.25 : 0.5)
        {
            var x = X(tick);
            var dash = Math.Abs(tick - 1.0) < 1e-9 ? """ stroke-dasharray="4 3" stroke="#333" """ : """ stroke="#e3e3e3" """;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{x:0.#}" y1="{Top - 6}" x2="{x:0.#}" y2="{height - 36}"{dash}/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{height - 20}" text-anchor="middle" fill="#555">{tick:0.##}</text>""");
        }

        for (var i = 0; i < ratios.Count; i++)
        {
            var ratio = ratios[i];
            var y = Top + (i * RowHeight);
            var colour = ratio.Met switch { true => "#2e7d32", false => "#c62828", null => "#9e9e9e" };
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth - 10}" y="{y + 17}" text-anchor="end">{Escape(ratio.Label)}</text>""");
            if (!double.IsNaN(ratio.Value))
            {
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{LabelWidth}" y="{y + 5}" width="{X(ratio.Value) - LabelWidth:0.#}" height="{RowHeight - 10}" fill="{colour}" rx="2"/>""");
            }

            var valueText = double.IsNaN(ratio.Value) ? "not measured" : ratio.Value.ToString("0.00", CultureInfo.InvariantCulture);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + BarArea + 8}" y="{y + 17}">{valueText}  {Escape(ratio.Limit is null ? "(information; lower is better)" : "target " + ratio.LimitText)}</text>""");
            if (ratio.Limit is { } limit)
            {
                var x = X(limit);
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{x:0.#}" y1="{y + 1}" x2="{x:0.#}" y2="{y + RowHeight - 1}" stroke="#000" stroke-width="2"/>""");
            }
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth}" y="{height - 4}" fill="#555">ratio: Smooven.Client / reference (dashed line: parity; black tick: target)</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SvgDocument.Escape(text);
}
