using Microsoft.Extensions.DependencyInjection;
using Smooven.Client.LoadTests.Hosting;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// Where a latency round's round trips wait and where their callbacks are posted: round trip n waits
/// through <see cref="Waiters"/>[n] and posts to <see cref="Targets"/>[n], each modulo its length. A
/// waiter's task answers once the wait is registered, with the task of its outcome: the callback is
/// posted only then, wherever the wait is.
/// </summary>
internal sealed record CrossInstance(Func<string, Task<Task<DeliveryOutcome>>>[] Waiters, Uri[] Targets, string Description)
{
    private static readonly SendAndWaitOptions WaitOptions = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>One host in this process: the wait and the callback on the same instance.</summary>
    public static CrossInstance Alone(LoopbackHost host) =>
        new([WaitOn(host)], [host.Address], "wait and callback on one host");

    /// <summary>Two instances in this process, taking turns: the callback to one, the wait on the other.</summary>
    public static CrossInstance Between(LoopbackHost a, LoopbackHost b) =>
        new([WaitOn(a), WaitOn(b)], [b.Address, a.Address], "wait on A, callback to B (Redis)");

    /// <summary>n instances in this process: the callback to host n, the wait on host n + 1.</summary>
    public static CrossInstance Ring(IReadOnlyList<LoopbackHost> hosts) =>
        new([.. hosts.Select((_, i) => WaitOn(hosts[(i + 1) % hosts.Count]))], [.. hosts.Select(host => host.Address)], $"wait on the next of {hosts.Count} instances (Redis)");

    /// <summary>One host in a child process: the wait (over HTTP) and the callback on it.</summary>
    public static CrossInstance Alone(ChildInstance host, HttpClient http) =>
        new([RemoteWait.Through(http, host.Address)], [host.Address], "wait and callback on one host, in a process of its own");

    /// <summary>Two instances, each in a child process, taking turns as in <see cref="Between(LoopbackHost, LoopbackHost)"/>.</summary>
    public static CrossInstance Between(ChildInstance a, ChildInstance b, HttpClient http) =>
        new([RemoteWait.Through(http, a.Address), RemoteWait.Through(http, b.Address)], [b.Address, a.Address], "wait on A, callback to B (Redis), each in a process of its own");

    private static Func<string, Task<Task<DeliveryOutcome>>> WaitOn(LoopbackHost host)
    {
        var tracker = host.Services.GetRequiredService<DeliveryTracker>();
        return id => Task.FromResult(OutcomeAsync(tracker.WaitAsync(id, WaitOptions)));
    }

    private static async Task<DeliveryOutcome> OutcomeAsync(Task<DeliveryResult> wait) => (await wait).Outcome;
}
