using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// An application's multiplexer whose <c>CONFIG</c> commands (sent through <see cref="IServer"/>)
/// get no answer until <see cref="Release"/>, as from a Redis slow to answer them; everything else
/// goes through to the real multiplexer at once.
/// </summary>
public sealed class HeldConfigMultiplexer
{
    private readonly TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldConfigMultiplexer(IConnectionMultiplexer multiplexer)
    {
        Multiplexer = Forwarder.Wrap(multiplexer, this);
    }

    /// <summary>The multiplexer to give the application.</summary>
    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>Completes when a CONFIG command is first asked.</summary>
    public Task Asked => _asked.Task;

    /// <summary>Sends the CONFIG commands held, and those to come at once.</summary>
    public void Release() => _released.TrySetResult();

    private async Task<RedisResult> HoldAsync(Func<Task<RedisResult>> send)
    {
        _asked.TrySetResult();
        await _released.Task;
        return await send();
    }

    /// <summary>Forwards every call on an interface to the real object, holding CONFIG and wrapping the servers it hands out.</summary>
    public class Forwarder : DispatchProxy
    {
        private object _target = null!;
        private HeldConfigMultiplexer _owner = null!;

        internal static T Wrap<T>(T target, HeldConfigMultiplexer owner)
            where T : class
        {
            var proxy = DispatchProxy.Create<T, Forwarder>();
            var forwarder = (Forwarder)(object)proxy;
            forwarder._target = target;
            forwarder._owner = owner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (_target is IServer && targetMethod.Name == nameof(IServer.ExecuteAsync) && args is [string command, ..] && command.Equals("CONFIG", StringComparison.OrdinalIgnoreCase))
            {
                return _owner.HoldAsync(() => (Task<RedisResult>)Forward(targetMethod, args)!);
            }

            return Forward(targetMethod, args) switch
            {
                IServer server => Wrap(server, _owner),
                IServer[] servers => servers.Select(server => Wrap(server, _owner)).ToArray(),
                var result => result,
            };
        }

        private object? Forward(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(_target, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}
