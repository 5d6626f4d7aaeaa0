using Microsoft.Extensions.Logging;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>One record an app logged, with its named values (such as <c>EndPoint</c>) and its exception.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);

/// <summary>
/// Keeps every record an app logs and lets a test await records as they come, with a timeout: what
/// the backplane logs from work it does not await (the eviction-policy check) cannot be read from a
/// snapshot taken when the start returns.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly object _gate = new();
    private readonly List<CapturedLog> _records = [];
    private readonly List<Wait> _waits = [];

    public IReadOnlyList<CapturedLog> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The first <paramref name="count"/> records that match, once that many have been logged.</summary>
    public Task<IReadOnlyList<CapturedLog>> WaitForAsync(Func<CapturedLog, bool> match, int count = 1)
    {
        var wait = new Wait(match, count);
        lock (_gate)
        {
            if (!wait.TryComplete(_records))
            {
                _waits.Add(wait);
            }
        }

        return wait.Signal.Task.WaitAsync(Cluster.Patience);
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog record)
    {
        lock (_gate)
        {
            _records.Add(record);
            _waits.RemoveAll(wait => wait.TryComplete(_records));
        }
    }

    private sealed class Wait(Func<CapturedLog, bool> match, int count)
    {
        public TaskCompletionSource<IReadOnlyList<CapturedLog>> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Its continuations run elsewhere, so completing it under the lock calls no test code there.
        public bool TryComplete(List<CapturedLog> records)
        {
            var matching = records.Where(match).Take(count).ToList();
            return matching.Count == count && Signal.TrySetResult(matching);
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            provider.Add(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), values, exception));
        }
    }
}
