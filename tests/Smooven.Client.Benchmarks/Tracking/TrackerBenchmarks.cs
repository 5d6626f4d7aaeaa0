using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Smooven.Client.Benchmarks.Fixtures;

namespace Smooven.Client.Benchmarks.Tracking;

/// <summary>
/// One wait's life: register it, publish its terminal callback, see it complete. The floor is
/// the bare dictionary of completion sources a user would write by hand, doing the same.
/// Each invocation runs a batch of distinct notification ids from a pool larger than the
/// tracker's history, so every wait is for an id the tracker no longer remembers (as in
/// production, where ids are new) and the history is full, dropping its oldest on every round
/// trip; nothing is allocated per operation but what the subject allocates.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Tracker")]
public class TrackerBenchmarks
{
    private const int Batch = 1024;
    private const int Pool = 32 * Batch;

    private readonly SendAndWaitOptions _options = new() { Timeout = TimeSpan.FromSeconds(30) };

    // The floor has no timeout at all; this shows what the tracker's deadline (its queue and timer) costs.
    private readonly SendAndWaitOptions _noDeadline = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DeliveryCallback>> _bare = new(StringComparer.Ordinal);
    private DeliveryCallback[] _callbacks = null!;
    private DeliveryTracker _tracker = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _callbacks = new DeliveryCallback[Pool];
        var template = new CallbackFixture().BodyText;
        for (var i = 0; i < Pool; i++)
        {
            var body = template.Replace("ntf_bench000000001", $"ntf_bench{i:D9}", StringComparison.Ordinal);
            _callbacks[i] = DeliveryCallback.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        }

        _tracker = new DeliveryTracker();
        SetupCheck.Require(new DeliveryTrackerOptions().HistoryCapacity < Pool - Batch, "a pool of ids larger than the history");
        for (var i = 0; i < Pool / Batch; i++)
        {
            SetupCheck.Require(Tracker() == Batch && _tracker.PendingCount == 0, "DeliveryTracker register/publish/complete");
        }
        SetupCheck.Require(BareDictionary() == Batch, "bare dictionary register/publish/complete");
    }

    [GlobalCleanup]
    public void Cleanup() => _tracker.Dispose();

    [Benchmark(OperationsPerInvoke = Batch, Description = "DeliveryTracker WaitAsync + Publish + complete")]
    public int Tracker() => RegisterPublishComplete(_options);

    [Benchmark(OperationsPerInvoke = Batch, Description = "DeliveryTracker, as above, without a timeout")]
    public int TrackerWithoutDeadline() => RegisterPublishComplete(_noDeadline);

    private int RegisterPublishComplete(SendAndWaitOptions options)
    {
        var delivered = 0;
        var first = _next;
        _next = (_next + Batch) % Pool;
        foreach (var callback in _callbacks.AsSpan(first, Batch))
        {
            var wait = _tracker.WaitAsync(callback.NotificationId, options);
            if (wait.IsCompleted)
            {
                throw new InvalidOperationException("The wait ended before its callback: the id was still in the history.");
            }

            _tracker.Publish(callback);
            if (wait.GetAwaiter().GetResult().Outcome == DeliveryOutcome.Delivered)
            {
                delivered++;
            }
        }

        return delivered;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "floor: ConcurrentDictionary<string, TaskCompletionSource>")]
    public int BareDictionary()
    {
        var delivered = 0;
        foreach (var callback in _callbacks.AsSpan(0, Batch))
        {
            // RunContinuationsAsynchronously, as any tracker fed from a request thread must be.
            var source = new TaskCompletionSource<DeliveryCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
            _bare.TryAdd(callback.NotificationId, source);
            if (_bare.TryRemove(callback.NotificationId, out var waiting))
            {
                waiting.TrySetResult(callback);
            }

            if (source.Task.GetAwaiter().GetResult().Event == CallbackEvent.Delivered)
            {
                delivered++;
            }
        }

        return delivered;
    }
}
