namespace Smooven.Client.LoadTests.Reporting;

/// <summary>One bar of the chart: a measured ratio, and the target it is held to (none: for information).</summary>
internal sealed record Ratio(string Label, double Value, double? Limit, bool LowerIsBetter)
{
    public bool? Met => Limit is { } limit && !double.IsNaN(Value) ? (LowerIsBetter ? Value <= limit : Value >= limit) : null;

    public string LimitText => Limit is { } limit ? (LowerIsBetter ? "≤ " : "≥ ") + limit.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "(for information)";
}
