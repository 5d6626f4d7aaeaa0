namespace Smooven.Client.TestSupport;

/// <summary>Finds the repository from wherever the program runs, so results land in one known place.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Smooven.Client.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary><c>artifacts/perf</c>: the benchmark and load programs leave their results here for the chart.</summary>
    public static string PerfArtifacts() => Path.Combine(Root(), "artifacts", "perf");
}
