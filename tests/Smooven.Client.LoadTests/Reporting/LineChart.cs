using System.Globalization;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>
/// Draws a <see cref="ScalingCurve"/>: the points evenly spaced on the x axis (they grow by a
/// factor, so this is a log scale), a linear y axis from zero, the SDK's series solid and the
/// references dashed, a legend on the right.
/// </summary>
internal static class LineChart
{
    private const int Width = 1000;
    private const int Height = 420;
    private const int Left = 90;
    private const int Top = 80;
    private const int PlotWidth = 520;
    private const int PlotHeight = 270;
    private static readonly string[] Colours = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#455a64"];

    public static string Render(ScalingCurve curve, string subtitle, string note)
    {
        var svg = SvgDocument.Begin(Width, Height, curve.Title, subtitle, note);
        var max = curve.Series.SelectMany(s => s.Values).Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max();
        var top = NiceCeiling(max * 1.1);
        double X(int i) => Left + (curve.Points.Count == 1 ? PlotWidth / 2.0 : i * PlotWidth / (double)(curve.Points.Count - 1));
        double Y(double v) => Top + PlotHeight - (v / top * PlotHeight);

        for (var tick = 0; tick <= 5; tick++)
        {
            var value = top * tick / 5;
            var y = Y(value);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y:0.#}" x2="{Left + PlotWidth}" y2="{y:0.#}" stroke="#e3e3e3"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left - 8}" y="{y + 4:0.#}" text-anchor="end" fill="#555">{value.ToString(value >= 1000 ? "N0" : "0.##", CultureInfo.InvariantCulture)}</text>""");
        }

        for (var i = 0; i < curve.Points.Count; i++)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(i):0.#}" y="{Top + PlotHeight + 18}" text-anchor="middle" fill="#555">{SvgDocument.Escape(curve.Points[i])}</text>""");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left + (PlotWidth / 2)}" y="{Top + PlotHeight + 40}" text-anchor="middle">{SvgDocument.Escape(curve.XLabel)}</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="18" y="{Top + (PlotHeight / 2)}" text-anchor="middle" transform="rotate(-90 18 {Top + (PlotHeight / 2)})">{SvgDocument.Escape(curve.YLabel)}</text>""");

        for (var s = 0; s < curve.Series.Count; s++)
        {
            var series = curve.Series[s];
            var colour = Colours[s % Colours.Length];
            var dash = series.IsReference ? """ stroke-dasharray="6 4" """ : " ";
            var points = Enumerable.Range(0, curve.Points.Count).Where(i => !double.IsNaN(series.Values[i])).ToList();
            var path = string.Join(" ", points.Select(i => string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(series.Values[i]):0.#}")));
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>""");
            foreach (var i in points)
            {
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<circle cx="{X(i):0.#}" cy="{Y(series.Values[i]):0.#}" r="3.5" fill="{colour}"/>""");
            }

            var legendY = Top + 10 + (s * 22);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left + PlotWidth + 24}" y1="{legendY}" x2="{Left + PlotWidth + 54}" y2="{legendY}" stroke="{colour}" stroke-width="2"{dash}/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left + PlotWidth + 60}" y="{legendY + 4}">{SvgDocument.Escape(series.Name)}</text>""");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{Height - 8}" fill="#555">each point: the median of interleaved rounds; dashed: the reference (floor or peer)</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    // 1, 2 or 5 times a power of ten, so the axis reads in round numbers.
    private static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(v => v >= value);
    }
}
