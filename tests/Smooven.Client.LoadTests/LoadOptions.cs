using System.Globalization;

namespace Smooven.Client.LoadTests;

/// <summary>The command line. Every run is bounded in time and in count, and stops by itself.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        Smooven.Client load runs, loopback only. A/B rounds alternate; ratios are medians over rounds.

          --runs notify,webhook,tracker   which runs (default: all three; add redis for the backplane,
                                          which needs redis-server on the PATH or SMOOVEN_REDIS)
                                          scaling curves, each under a minute: scale-webhook (callers
                                          1 to 256), scale-waits (pending waits), scale-history
                                          (tracker history), scale-redis (1 to 3 instances); or
                                          scaling for all four
          --rates <n,...>                 redis: also the latency rounds at these fixed rates (round trips
                                          per second, open loop), beside the 64-caller saturation ones
          --separate-processes            redis: the latency rounds run each instance, the single host
                                          included, in a child process of its own (its own heap and GC,
                                          as on another machine), instead of all in this process;
                                          SMOOVEN_LOAD_HISTORY_CAPACITY=n sets every instance's
                                          DeliveryTrackerOptions.HistoryCapacity (default 10000)
          --pin-redis                     redis and scale-redis: redis-server on core 0, this process
                                          (every host and the callers) on the others, with taskset;
                                          the process starts again first, with a GC heap per core left
          --full                          the long curves: longer phases, 5 rounds, 1M pending waits
          --duration <seconds>            length of each timed A or B phase (default 5)
          --warmup <seconds>              warm-up per side before the rounds (default 2)
          --rounds <n>                    A/B rounds, at least 3 (default 3)
          --callers <n>                   concurrent callers for notify and webhook (default 64)
          --waits <n>                     concurrent SendAndWaitAsync in the tracker run (default 10000)
          --max-requests <n>              upper bound on requests per phase (default 2000000)
          --quick                         1 s phases, 0.5 s warm-up, 1000 waits: a smoke test, not evidence
          --out <dir>                     results directory (default artifacts/perf under the repo)
          --svg <file>                    ratio chart to write, scaling charts beside it (default
                                          benchmarks-ratios.svg in --out; --svg docs/benchmarks-ratios.svg
                                          to redraw the charts the docs show)
          --chart-only                    only redraw the chart from the results already in --out
          --held-bodies [--chunked]       alone: memory held by 100 connections that send headers only
          --endpoint-cost [--count n] [--only SDK,SDK-nohandler,peer,bare] [--rounds n]
                                          alone: each webhook endpoint's own CPU and bytes per
                                          callback, in-process, without sockets or callers
        """;

    public static readonly string[] ScalingRuns = ["scale-webhook", "scale-waits", "scale-history", "scale-redis"];

    private string? _svgPath;

    public HashSet<string> Runs { get; } = new(StringComparer.OrdinalIgnoreCase) { "notify", "webhook", "tracker" };

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    public int Rounds { get; private set; } = 3;

    public int Callers { get; private set; } = 64;

    public int Waits { get; private set; } = 10_000;

    /// <summary>The fixed rates (per second) of the Redis run's open-loop latency rounds; none by default.</summary>
    public List<double> Rates { get; } = [];

    public long MaxRequests { get; private set; } = 2_000_000;

    public bool Quick { get; private set; }

    public bool ChartOnly { get; private set; }

    /// <summary>Whether the Redis runs pin redis-server and this process to separate cores.</summary>
    public bool PinRedis { get; private set; }

    /// <summary>Whether the Redis latency rounds run each instance in a child process of its own.</summary>
    public bool SeparateProcesses { get; private set; }

    /// <summary>The long scaling curves (minutes, not seconds).</summary>
    public bool Full { get; private set; }

    public string OutputDirectory { get; private set; } = Path.Combine(RepoPaths.Root(), "artifacts", "perf");

    /// <summary>
    /// The ratio chart; the scaling charts go beside it. By default in the results directory, so that a
    /// run leaves the charts committed under docs/ as they are.
    /// </summary>
    public string SvgPath => _svgPath ?? Path.Combine(OutputDirectory, "benchmarks-ratios.svg");

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            double Seconds() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--runs":
                    options.Runs.Clear();
                    options.Runs.UnionWith(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Seconds()); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(Seconds()); break;
                case "--rounds": options.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--callers": options.Callers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--waits": options.Waits = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--max-requests": options.MaxRequests = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": options.OutputDirectory = Path.GetFullPath(Next()); break;
                case "--svg": options._svgPath = Path.GetFullPath(Next()); break;
                case "--chart-only": options.ChartOnly = true; break;
                case "--full": options.Full = true; break;
                case "--pin-redis": options.PinRedis = true; break;
                case "--separate-processes": options.SeparateProcesses = true; break;
                case "--rates":
                    options.Rates.AddRange(Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(rate => double.Parse(rate, CultureInfo.InvariantCulture)));
                    break;
                case "--quick":
                    options.Quick = true;
                    options.Duration = TimeSpan.FromSeconds(1);
                    options.Warmup = TimeSpan.FromSeconds(0.5);
                    options.Waits = 1_000;
                    break;
                case "--help" or "-h" or "-?": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown switch {args[i]}.\n{Usage}");
            }
        }

        if (options.Runs.Remove("scaling"))
        {
            options.Runs.UnionWith(ScalingRuns);
        }

        var unknown = options.Runs.Except(["notify", "webhook", "tracker", "redis", .. ScalingRuns], StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown run(s) {string.Join(", ", unknown)}; pick from notify, webhook, tracker, redis, {string.Join(", ", ScalingRuns)}, scaling.\n{Usage}");
        }

        if (options.Rounds < 3 || options.Callers < 1 || options.Waits < 1 || options.Duration <= TimeSpan.Zero || options.MaxRequests < 1 || options.Rates.Any(rate => rate <= 0))
        {
            throw new ArgumentException($"--rounds must be at least 3, and --callers, --waits, --duration, --max-requests and --rates positive.\n{Usage}");
        }

        return options;
    }
}
