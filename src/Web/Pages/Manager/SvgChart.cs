using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Allo.Web.Pages.Manager;

/// <summary>One series of a bar chart; its CSS class gives the colour and pattern.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string CssClass);

/// <summary>
/// Bar charts drawn on the server as SVG: no script, no CDN. Each has a title and a description that
/// screen readers announce, and the page puts the same numbers in a table beside it; colour is never
/// the only way to tell series apart (each has a pattern and a legend, and the table has the values).
/// </summary>
public static class SvgChart
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 16;
    private const int Bottom = 40;

    /// <summary>
    /// Label sizes in drawing units. The drawing shrinks with the screen, so on a narrow screen the
    /// labels are drawn twice as big (CSS picks one layer by the page width): at 320 px they are
    /// still about 11 px high instead of 6. Each layer spaces its category labels for its own size.
    /// </summary>
    private static readonly (string Layer, double FontSize)[] LabelLayers = [("wide", 12), ("narrow", 24)];

    public static IHtmlContent Bars(string id, string title, string description, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, bool stacked = true)
    {
        var html = HtmlEncoder.Default;
        var max = categories.Count == 0 ? 0 : Enumerable.Range(0, categories.Count)
            .Max(i => stacked ? series.Sum(s => s.Values[i]) : series.Max(s => s.Values[i]));
        var top = NiceCeiling(max);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var band = categories.Count == 0 ? plotWidth : (double)plotWidth / categories.Count;
        var barWidth = stacked ? band * 0.6 : band * 0.8 / Math.Max(1, series.Count);
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        double Y(double v) => Top + plotHeight - (top == 0 ? 0 : v / top * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"allo-chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{html.Encode(title)}</title><desc id=\"{id}-desc\">{html.Encode(description)}</desc>");
        // Axis and three gridlines: 0, half and the top.
        foreach (var tick in new[] { 0, top / 2, top })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"allo-chart__grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(Y(tick))}\" y2=\"{N(Y(tick))}\"/>");
        }
        for (var i = 0; i < categories.Count; i++)
        {
            var x0 = Left + (i * band);
            double stack = 0;
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[i];
                var x = stacked ? x0 + ((band - barWidth) / 2) : x0 + (band * 0.1) + (s * barWidth);
                var y1 = stacked ? Y(stack + value) : Y(value);
                var y2 = stacked ? Y(stack) : Y(0);
                if (value > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<rect class=\"{series[s].CssClass}\" x=\"{N(x)}\" y=\"{N(y1)}\" width=\"{N(barWidth)}\" height=\"{N(y2 - y1)}\"><title>{html.Encode(categories[i])}: {html.Encode(series[s].Name)} {N(value)}</title></rect>");
                }
                stack += value;
            }
        }
        foreach (var (layer, size) in LabelLayers)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"allo-chart__labels allo-chart__labels--{layer}\" font-size=\"{N(size)}\">");
            foreach (var tick in new[] { 0, top / 2, top })
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"allo-chart__label\" x=\"{Left - 6}\" y=\"{N(Y(tick) + (size / 3))}\" text-anchor=\"end\">{N(tick)}</text>");
            }
            var every = LabelEvery(categories, band, size);
            var freeFrom = double.NegativeInfinity;
            for (var i = 0; i < categories.Count; i += every)
            {
                // Centred under its bar, but kept inside the plot so the first and last do not run into
                // the axis labels or off the edge; one pushed that way may leave no room for the next.
                var half = LabelWidth(categories[i], size) / 2;
                var x = Math.Clamp(Left + (i * band) + (band / 2), Left + half, Math.Max(Left + half, Width - Right - half));
                if (x - half < freeFrom)
                {
                    continue;
                }
                freeFrom = x + half + (size / 2);
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"allo-chart__label\" x=\"{N(x)}\" y=\"{N(Height - Bottom + 10 + size)}\" text-anchor=\"middle\">{html.Encode(categories[i])}</text>");
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        // The legend is HTML under the drawing, so it wraps on a narrow screen and keeps the page's text size.
        svg.Append(CultureInfo.InvariantCulture, $"<ul class=\"allo-chart-legend\" id=\"{id}-legend\" aria-hidden=\"true\">");
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<li><svg class=\"allo-chart-legend__swatch\" viewBox=\"0 0 14 14\" focusable=\"false\"><rect class=\"{s.CssClass}\" x=\"1\" y=\"1\" width=\"12\" height=\"12\"/></svg>{html.Encode(s.Name)}</li>");
        }
        svg.Append("</ul>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>
    /// Every how many categories a label fits: the longest label, at about 0.6 of the font size per
    /// character (digits and the short words of a week label) plus a gap, over one category's width.
    /// </summary>
    public static int LabelEvery(IReadOnlyList<string> categories, double band, double fontSize)
    {
        if (categories.Count == 0)
        {
            return 1;
        }
        var widest = categories.Max(c => LabelWidth(c, fontSize)) + fontSize;
        return Math.Max(1, (int)Math.Ceiling(widest / band));
    }

    private static double LabelWidth(string label, double fontSize) => label.Length * fontSize * 0.6;

    private const int RowsWidth = 320;
    private const int RowHeight = 36;

    /// <summary>
    /// One horizontal bar per category, its label on a line of its own above it and its value at its
    /// end: long labels (the needs, in German) never overlap, and the narrow drawing keeps its text
    /// readable when a phone shrinks it to 320 px.
    /// </summary>
    public static IHtmlContent Rows(string id, string title, string description, IReadOnlyList<string> categories, ChartSeries series, string unit = "")
    {
        var html = HtmlEncoder.Default;
        var top = NiceCeiling(series.Values.DefaultIfEmpty(0).Max());
        const int valueRoom = 48;
        var height = Math.Max(1, categories.Count) * RowHeight;
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"allo-chart allo-chart--rows\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {RowsWidth} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{html.Encode(title)}</title><desc id=\"{id}-desc\">{html.Encode(description)}</desc>");
        for (var i = 0; i < categories.Count; i++)
        {
            var y = i * RowHeight;
            var value = series.Values[i];
            var width = (RowsWidth - valueRoom) * value / top;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"allo-chart__label\" x=\"0\" y=\"{y + 12}\">{html.Encode(categories[i])}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"allo-chart__grid\" x1=\"0\" x2=\"0\" y1=\"{y + 16}\" y2=\"{y + 30}\"/>");
            if (value > 0)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"{series.CssClass}\" x=\"0\" y=\"{y + 17}\" width=\"{N(width)}\" height=\"12\"><title>{html.Encode(categories[i])}: {html.Encode(series.Name)} {N(value)}{unit}</title></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"allo-chart__label\" x=\"{N(width + 4)}\" y=\"{y + 28}\">{N(value)}{unit}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>1, 2, 5, 10, 20, 50…: an axis top people read at a glance.</summary>
    public static double NiceCeiling(double max)
    {
        if (max <= 0)
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * magnitude >= max)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
