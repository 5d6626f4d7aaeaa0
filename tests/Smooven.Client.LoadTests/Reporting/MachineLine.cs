using System.Runtime.InteropServices;

namespace Smooven.Client.LoadTests.Reporting;

/// <summary>What the numbers were measured on, in one line.</summary>
internal static class MachineLine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }

        var gc = System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return $"{RuntimeInformation.OSDescription}; {cpu}, {Environment.ProcessorCount} logical cores; .NET {Environment.Version}; {gc}";
    }
}
