using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A real multiplexer whose disposal a test can await: every call goes through to it, and
/// <see cref="Disposed"/> completes once its <c>Dispose</c> or <c>DisposeAsync</c> has returned.
/// Given a <c>closeFailure</c>, its <c>CloseAsync</c> fails with it, closing nothing.
/// </summary>
public sealed class DisposalWatchedMultiplexer
{
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DisposalWatchedMultiplexer(IConnectionMultiplexer multiplexer, Exception? closeFailure = null)
    {
        Multiplexer = ForwardingProxy.Create(
            multiplexer,
            hold: (call, _) => call.Name switch
            {
                nameof(IAsyncDisposable.DisposeAsync) => new ValueTask(DisposeAndSignalAsync(multiplexer)),
                nameof(IConnectionMultiplexer.CloseAsync) when closeFailure is not null => Task.FromException(closeFailure),
                _ => null,
            },
            wrap: call => call.Name == nameof(IDisposable.Dispose)
                ? result =>
                {
                    _disposed.TrySetResult();
                    return result;
                }
                : null);
    }

    /// <summary>The multiplexer to hand out.</summary>
    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>Completes when the multiplexer has been disposed.</summary>
    public Task Disposed => _disposed.Task;

    private async Task DisposeAndSignalAsync(IConnectionMultiplexer multiplexer)
    {
        await multiplexer.DisposeAsync();
        _disposed.TrySetResult();
    }
}
