using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.LoadTests.Hosting;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// Where a latency round's round trips wait and where their callbacks are posted: round trip n waits
/// on <see cref="Waiters"/>[n] and posts to <see cref="Targets"/>[n], each modulo its length.
/// </summary>
internal sealed record CrossInstance(DeliveryTracker[] Waiters, Uri[] Targets, string Description)
{
    /// <summary>One host: the wait and the callback on the same instance.</summary>
    public static CrossInstance Alone(LoopbackHost host) =>
        new([Tracker(host)], [host.Address], "wait and callback on one host");

    /// <summary>Two instances in this process, taking turns: the callback to one, the wait on the other.</summary>
    public static CrossInstance Between(LoopbackHost a, LoopbackHost b) =>
        new([Tracker(a), Tracker(b)], [b.Address, a.Address], "wait on A, callback to B (Redis)");

    /// <summary>The wait in this process, the callback to an instance in a child process.</summary>
    public static CrossInstance ToChild(LoopbackHost waiter, ChildInstance child) =>
        new([Tracker(waiter)], [child.Address], "wait on A, callback to B in another process (Redis)");

    /// <summary>n instances in this process: the callback to host n, the wait on host n + 1.</summary>
    public static CrossInstance Ring(IReadOnlyList<LoopbackHost> hosts) =>
        new([.. hosts.Select((_, i) => Tracker(hosts[(i + 1) % hosts.Count]))], [.. hosts.Select(host => host.Address)], $"wait on the next of {hosts.Count} instances (Redis)");

    private static DeliveryTracker Tracker(LoopbackHost host) => host.Services.GetRequiredService<DeliveryTracker>();
}
