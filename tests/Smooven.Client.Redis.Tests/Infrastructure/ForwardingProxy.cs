using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// An interface implemented by forwarding every call to a target, except the calls <c>hold</c> answers
/// itself (it returns null for the others), with what a call returns passed through <c>wrap</c> when it
/// gives a function for that call.
/// </summary>
public class ForwardingProxy : DispatchProxy
{
    private object _target = null!;
    private Func<MethodInfo, object?[]?, object?>? _hold;
    private Func<MethodInfo, Func<object?, object?>?>? _wrap;

    public static T Create<T>(T target, Func<MethodInfo, object?[]?, object?>? hold = null, Func<MethodInfo, Func<object?, object?>?>? wrap = null)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, ForwardingProxy>();
        var forwarding = (ForwardingProxy)(object)proxy;
        forwarding._target = target;
        forwarding._hold = hold;
        forwarding._wrap = wrap;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_hold?.Invoke(targetMethod, args) is { } held)
        {
            return held;
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

        return _wrap?.Invoke(targetMethod) is { } wrap ? wrap(result) : result;
    }
}
