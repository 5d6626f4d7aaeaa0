using Smooven.Client.LoadTests;
using Smooven.Client.LoadTests.Reporting;
using Smooven.Client.LoadTests.Runs.HeldBodies;
using Smooven.Client.LoadTests.Runs.Notify;
using Smooven.Client.LoadTests.Runs.Redis;
using Smooven.Client.LoadTests.Runs.Scaling;
using Smooven.Client.LoadTests.Runs.Tracker;
using Smooven.Client.LoadTests.Runs.Webhook;

// A one-off measurement beside the A/B runs: memory held by connections that send headers only.
if (args.FirstOrDefault() == "--held-bodies")
{
    return await HeldBodiesRun.RunAsync(connections: 100, contentLength: 256 * 1024, chunked: args.Contains("--chunked"));
}

// The endpoints' own cost per callback, in-process: [--count n] [--only SDK,SDK-nohandler,peer,bare] [--rounds n].
if (args.FirstOrDefault() == "--endpoint-cost")
{
    string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    var count = int.Parse(Value("--count") ?? "50000", System.Globalization.CultureInfo.InvariantCulture);
    var rounds = int.Parse(Value("--rounds") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
    var only = (Value("--only") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
    return await EndpointCostRun.RunAsync(count, only, rounds);
}

// The other instance of the Redis run's --other-process rounds: [configuration] [key prefix].
if (args.FirstOrDefault() == "--redis-instance" && args.Length == 3)
{
    return await Smooven.Client.LoadTests.Hosting.ChildInstance.ServeAsync(args[1], args[2], RedisRun.StartAsync);
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (HeapCountRestart.IsNeeded(options))
{
    return await HeapCountRestart.RunAsync(args);
}

if (!options.ChartOnly)
{
    Console.WriteLine($"Machine: {MachineLine.Describe()}");
    Console.WriteLine($"Settings: {RunReport.Describe(options)}");
    var reports = new List<RunReport>();
    if (options.Runs.Contains("notify"))
    {
        var result = await NotifyRun.RunAsync(options);
        reports.Add(RunReport.FromAb("notify", options, result, "SmoovenClient.NotifyAsync", "raw HttpClient + source-generated JSON", "NotifyAsync / raw HttpClient", "request", 0.90));
    }

    if (options.Runs.Contains("webhook"))
    {
        reports.AddRange(await WebhookRun.RunAsync(options));
    }

    if (options.Runs.Contains("tracker"))
    {
        reports.Add(await TrackerRun.RunAsync(options));
    }

    if (options.Runs.Contains("redis"))
    {
        reports.AddRange(await RedisRun.RunAsync(options));
    }

    await ScalingRun.RunAsync(options);
    if (reports.Count == 0)
    {
        return 0;
    }

    ResultStore.Save(options.OutputDirectory, reports);
    foreach (var report in reports)
    {
        Console.WriteLine();
        Console.WriteLine($"#### {report.Run}");
        Console.WriteLine(report.Markdown);
        foreach (var ratio in report.Ratios)
        {
            Console.WriteLine($"{ratio.Label}: {ratio.Value:0.000} (target {ratio.LimitText}) {(ratio.Met is false ? "MISSED" : string.Empty)}");
        }
    }

    ResultStore.DrawChart(options.OutputDirectory, options.SvgPath);
    return reports.Sum(r => r.Failures) == 0 ? 0 : 1;
}

ResultStore.DrawChart(options.OutputDirectory, options.SvgPath);
return 0;
