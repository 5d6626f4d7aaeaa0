namespace Smooven.Client.LoadTests.Runs.Scaling;

/// <summary>The scaling curves the options ask for, each bounded and charted into scaling-*.svg beside the ratio chart.</summary>
internal static class ScalingRun
{
    public static async Task RunAsync(LoadOptions options)
    {
        if (options.Runs.Contains("scale-waits"))
        {
            MemoryCurves.PendingWaits(options);
        }

        if (options.Runs.Contains("scale-history"))
        {
            MemoryCurves.History(options);
        }

        if (options.Runs.Contains("scale-webhook"))
        {
            await CallersCurve.RunAsync(options);
        }

        if (options.Runs.Contains("scale-redis"))
        {
            await RedisCurve.RunAsync(options);
        }
    }
}
