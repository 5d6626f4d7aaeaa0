using Smooven.Client.LoadTests.Measuring;
using Smooven.Client.LoadTests.Reporting;
using Smooven.Client.LoadTests.Runs.Webhook;

namespace Smooven.Client.LoadTests.Runs.Scaling;

/// <summary>
/// Webhook throughput and p99 against concurrent callers (1 to 256): the SDK's endpoint, the
/// hand-written peer and the bare endpoint in interleaved rounds at every point.
/// </summary>
internal static class CallersCurve
{
    private static readonly int[] Callers = [1, 4, 16, 64, 256];

    public static async Task RunAsync(LoadOptions options)
    {
        // Default: 0.6 s phases, 3 rounds, about 50 s in all; --full: the run's own phase and rounds.
        var phase = options.Full ? options.Duration : TimeSpan.FromSeconds(options.Quick ? 0.3 : 0.6);
        var warmup = options.Full ? options.Warmup : TimeSpan.FromSeconds(0.3);
        var rounds = options.Full ? Math.Max(options.Rounds, 5) : options.Rounds;
        var throughput = new double[3][];
        var p99 = new double[3][];
        for (var side = 0; side < 3; side++)
        {
            throughput[side] = new double[Callers.Length];
            p99[side] = new double[Callers.Length];
        }

        for (var point = 0; point < Callers.Length; point++)
        {
            var rows = await WebhookRun.MeasureAsync(options, Callers[point], phase, warmup, rounds);
            for (var side = 0; side < 3; side++)
            {
                throughput[side][point] = Percentiles.Median(rows.Select(r => r[side].PerSecond));
                p99[side][point] = Percentiles.Median(rows.Select(r => r[side].P99Ms));
            }
        }

        string[] points = [.. Callers.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var note = $"{rounds} interleaved rounds of {phase.TotalSeconds:0.#} s per point; 1 KiB signed callbacks, distinct bodies, loopback.";
        new ScalingCurve("webhook-throughput", "Webhook throughput against concurrent callers", "concurrent callers", "callbacks/s", points, Series(throughput), note).Save(options);
        new ScalingCurve("webhook-p99", "Webhook p99 latency against concurrent callers", "concurrent callers", "p99 ms", points, Series(p99), note).Save(options);
    }

    private static CurveSeries[] Series(double[][] values) =>
    [
        new("MapSmoovenWebhook", values[0], IsReference: false),
        new("hand-written peer", values[1], IsReference: true),
        new("bare read-and-200", values[2], IsReference: true),
    ];
}
