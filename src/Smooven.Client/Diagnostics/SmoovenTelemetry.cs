using System.Diagnostics;
using System.Reflection;

namespace Smooven.Client.Diagnostics;

/// <summary>The names under which the SDK reports traces and metrics: <c>Smooven.Client</c> for both.</summary>
internal static class SmoovenTelemetry
{
    public const string Name = "Smooven.Client";

    public static readonly string Version =
        typeof(SmoovenTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(Name, Version);
}
