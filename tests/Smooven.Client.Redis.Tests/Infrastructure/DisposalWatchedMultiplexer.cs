using System.Reflection;
using System.Runtime.ExceptionServices;
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
        var proxy = DispatchProxy.Create<IConnectionMultiplexer, Forwarder>();
        ((Forwarder)(object)proxy).Init(multiplexer, _disposed, closeFailure);
        Multiplexer = proxy;
    }

    /// <summary>The multiplexer to hand out.</summary>
    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>Completes when the multiplexer has been disposed.</summary>
    public Task Disposed => _disposed.Task;

    /// <summary>Forwards every call to the real multiplexer, signalling once it is disposed.</summary>
    public class Forwarder : DispatchProxy
    {
        private IConnectionMultiplexer _target = null!;
        private TaskCompletionSource _disposed = null!;
        private Exception? _closeFailure;

        internal void Init(IConnectionMultiplexer target, TaskCompletionSource disposed, Exception? closeFailure)
        {
            _target = target;
            _disposed = disposed;
            _closeFailure = closeFailure;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IAsyncDisposable.DisposeAsync))
            {
                return new ValueTask(DisposeAndSignalAsync());
            }

            if (targetMethod.Name == nameof(IConnectionMultiplexer.CloseAsync) && _closeFailure is { } failure)
            {
                return Task.FromException(failure);
            }

            object? result;
            try
            {
                result = targetMethod.Invoke(_target, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                ExceptionDispatchInfo.Throw(inner);
                throw;
            }

            if (targetMethod.Name == nameof(IDisposable.Dispose))
            {
                _disposed.TrySetResult();
            }

            return result;
        }

        private async Task DisposeAndSignalAsync()
        {
            await _target.DisposeAsync();
            _disposed.TrySetResult();
        }
    }
}
