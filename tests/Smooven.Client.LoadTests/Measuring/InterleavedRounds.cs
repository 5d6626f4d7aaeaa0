namespace Smooven.Client.LoadTests.Measuring;

/// <summary>
/// Runs several contenders in rounds, each round in a rotated order (with two: AB, BA, ...), so
/// drift on a shared machine falls on all of them alike. Every contender is warmed up first.
/// </summary>
internal static class InterleavedRounds
{
    /// <summary>Returns one sample per contender per round, in the contenders' order.</summary>
    public static async Task<IReadOnlyList<LoadSample[]>> RunAsync(
        string name, int rounds, IReadOnlyList<(string Label, Func<Task<LoadSample>> WarmUp, Func<Task<LoadSample>> Measure)> contenders)
    {
        Console.WriteLine($"{name}: warm-up");
        foreach (var contender in contenders)
        {
            await contender.WarmUp();
        }

        var results = new List<LoadSample[]>();
        for (var round = 0; round < rounds; round++)
        {
            var samples = new LoadSample[contenders.Count];
            for (var step = 0; step < contenders.Count; step++)
            {
                var index = (round + step) % contenders.Count;
                samples[index] = await contenders[index].Measure();
            }

            results.Add(samples);
            Console.WriteLine($"{name}: round {round + 1}/{rounds}: " + string.Join(" | ", contenders.Select((c, i) => $"{c.Label} {Describe(samples[i])}")));
        }

        return results;
    }

    private static string Describe(LoadSample s) =>
        $"{s.PerSecond:N0}/s p50 {s.P50Ms:0.00} ms p99 {s.P99Ms:0.00} ms, {s.AllocatedBytesPerOp:N0} B/op, {s.CpuMicrosecondsPerOp:0.0} µs CPU/op, {s.Collections}, {s.Errors} errors";
}
