using Smooven.Client.LoadTests.Reporting;

namespace Smooven.Client.LoadTests.Runs.Tracker;

/// <summary>
/// Run 3: many concurrent SendAndWaitAsync through the emulator with duplicates, disorder and
/// early callbacks. (Seam: needs the emulator, endpoint and tracker from main.)
/// </summary>
internal static class TrackerRun
{
    public static Task<RunReport> RunAsync(LoadOptions options)
    {
        _ = options;
        throw new InvalidOperationException("The tracker run needs SmoovenEmulator, MapSmoovenWebhook and DeliveryTracker from main; merge main once they have landed.");
    }
}
