using System.Globalization;
using System.Net;
using System.Text;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>What every chart of the program shares: the SVG root, the white page and the three heading lines.</summary>
internal static class SvgDocument
{
    public static StringBuilder Begin(int width, int height, string title, string subtitle, string note)
    {
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="#ffffff"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="16" y="24" font-size="16" font-weight="600">{Escape(title)}</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="16" y="44" fill="#555">{Escape(subtitle)}</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="16" y="62" fill="#555">{Escape(note)}</text>""");
        return svg;
    }

    public static string Escape(string text) => WebUtility.HtmlEncode(text);
}
