using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Smooven.Client.Benchmarks.Reporting;
using Smooven.Client.Benchmarks.Tracking;

// All four groups run side by side by default; BenchmarkDotNet's own switches (--filter, --list flat, ...)
// still apply. --quick takes a short job for a smoke test; its numbers are not worth quoting.
// --interleaved measures the tracker group differently instead (see InterleavedTrackerCost);
// --tracker-budgets measures the tracker's memory, contention and timeout lateness (see TrackerBudgets).
var quick = args.Contains("--quick");
if (args.Contains("--interleaved"))
{
    return InterleavedTrackerCost.Run(quick);
}

if (args.Contains("--tracker-budgets"))
{
    return await TrackerBudgets.RunAsync(quick);
}

var benchmarkArgs = args.Where(a => a != "--quick").ToArray();
if (!benchmarkArgs.Contains("--filter"))
{
    benchmarkArgs = [.. benchmarkArgs, "--filter", "*"];
}

var job = quick
    ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("quick")
    : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("evidence");
var config = DefaultConfig.Instance
    .AddJob(job)
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
    .WithOptions(ConfigOptions.DisableLogFile);

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, config).ToList();
var report = MicroReport.From(summaries, quick).MergedWithEarlier(RepoPaths.PerfArtifacts());
var written = report.Write(RepoPaths.PerfArtifacts());
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());
Console.WriteLine($"Wrote {string.Join(", ", written)}");
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
