using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tests.Tracking;

internal static class MetricsTestKit
{
    /// <summary>Instruments on a meter factory of their own, so a test hears only its own tracker.</summary>
    public static SmoovenMetrics IsolatedMetrics() =>
        SmoovenMetrics.Create(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
