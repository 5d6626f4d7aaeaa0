using System.Collections.Concurrent;

namespace Smooven.Client.AspNetCore.Tests.Infrastructure;

/// <summary>
/// What the test handlers saw, and what they should do: a test sets <see cref="Behaviour"/>
/// to block or throw on a given call.
/// </summary>
internal sealed class CallbackRecorder
{
    private int _calls;

    public ConcurrentQueue<DeliveryCallback> Handled { get; } = new();

    public ConcurrentQueue<Guid> Scopes { get; } = new();

    /// <summary>Runs on every call with its 1-based number, before the callback counts as handled.</summary>
    public Func<int, DeliveryCallback, CancellationToken, Task>? Behaviour { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public async Task RecordAsync(DeliveryCallback callback, Guid scope, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        Scopes.Enqueue(scope);
        if (Behaviour is { } behaviour)
        {
            await behaviour(call, callback, cancellationToken);
        }

        Handled.Enqueue(callback);
    }
}

/// <summary>One per request scope: shows that handlers are resolved per request.</summary>
internal sealed class RequestScopeMarker
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>A scoped handler that records into the singleton <see cref="CallbackRecorder"/>.</summary>
internal sealed class RecordingHandler(CallbackRecorder recorder, RequestScopeMarker scope) : ISmoovenCallbackHandler
{
    public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken) =>
        recorder.RecordAsync(callback, scope.Id, cancellationToken);
}

/// <summary>A second handler, to show that every registered handler runs.</summary>
internal sealed class CountingHandler(CallbackCounter counter) : ISmoovenCallbackHandler
{
    public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
    {
        counter.Increment();
        return Task.CompletedTask;
    }
}

/// <summary>Counts the calls to <see cref="CountingHandler"/>.</summary>
internal sealed class CallbackCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
