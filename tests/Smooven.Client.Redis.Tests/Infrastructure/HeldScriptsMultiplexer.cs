using System.Threading.Channels;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A real multiplexer whose databases hold every script call (<c>ScriptEvaluateAsync</c> with a script's
/// text), or every call of one script, for the test, which takes the calls in the order they were made
/// and runs each on Redis, fails it, or both (a reply lost after the script ran). Every other call goes through.
/// </summary>
public sealed class HeldScriptsMultiplexer
{
    private readonly Channel<HeldScript> _calls = global::System.Threading.Channels.Channel.CreateUnbounded<HeldScript>();
    private readonly string? _only;

    /// <param name="multiplexer">The real multiplexer.</param>
    /// <param name="only">The text of the one script to hold, or null to hold every script.</param>
    public HeldScriptsMultiplexer(IConnectionMultiplexer multiplexer, string? only = null)
    {
        _only = only;
        Multiplexer = ForwardingProxy.Create(multiplexer, wrap: call => call.Name == nameof(IConnectionMultiplexer.GetDatabase)
            ? database => Database((IDatabase)database!)
            : null);
    }

    /// <summary>The multiplexer to hand out.</summary>
    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>The next script call made, in order.</summary>
    public async Task<HeldScript> NextAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(Cluster.Patience);

    /// <summary>A script call made and not taken yet, if any.</summary>
    public bool TryTake(out HeldScript? call) => _calls.Reader.TryRead(out call);

    private IDatabase Database(IDatabase database) => ForwardingProxy.Create(database, hold: (call, args) =>
    {
        var parameters = call.GetParameters();
        if (call.Name != nameof(IDatabase.ScriptEvaluateAsync) || parameters.Length != 4 || parameters[0].ParameterType != typeof(string)
            || (_only is not null && (string)args![0]! != _only))
        {
            return null;
        }

        var held = new HeldScript(database, (string)args![0]!, (RedisKey[])args[1]!, (RedisValue[])args[2]!);
        _calls.Writer.TryWrite(held);
        return held.Reply;
    });
}

/// <summary>A script call held by <see cref="HeldScriptsMultiplexer"/>, answered as the test says.</summary>
public sealed class HeldScript(IDatabase database, string script, RedisKey[] keys, RedisValue[] values)
{
    private readonly TaskCompletionSource<RedisResult> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the caller awaits.</summary>
    public Task<RedisResult> Reply => _reply.Task;

    /// <summary>The keys sent, as <c>KEYS</c>.</summary>
    public IReadOnlyList<RedisKey> Keys => keys;

    /// <summary>Runs the script on Redis and answers with its reply.</summary>
    public async Task RunAsync() => _reply.SetResult(await database.ScriptEvaluateAsync(script, keys, values));

    /// <summary>Runs the script on Redis and answers with what Redis answered, its error included; returns that error, or null.</summary>
    public async Task<RedisServerException?> RunPassingOnErrorsAsync()
    {
        try
        {
            await RunAsync();
            return null;
        }
        catch (RedisServerException error)
        {
            _reply.SetException(error);
            return error;
        }
    }

    /// <summary>Runs the script on Redis without answering yet, as when its reply is still on its way.</summary>
    public async Task RunUnansweredAsync() => await database.ScriptEvaluateAsync(script, keys, values);

    /// <summary>Runs the script on Redis, then answers with <paramref name="failure"/>, as when the reply is lost.</summary>
    public async Task RunAndFailAsync(Exception failure)
    {
        await database.ScriptEvaluateAsync(script, keys, values);
        _reply.SetException(failure);
    }

    /// <summary>Answers with <paramref name="failure"/> without running anything.</summary>
    public void Fail(Exception failure) => _reply.SetException(failure);
}
