using System.Globalization;
using ModelContextProtocol.Client;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>
/// Records every progress notification the MCP client receives in its session. The client hands
/// notifications to a call's IProgress asynchronously and stops once the call's response is in, so a
/// notification written just before the response may never reach that IProgress; a session-wide
/// handler sees them all.
/// </summary>
internal sealed class ProgressRecorder : IAsyncDisposable
{
    private readonly List<(double Progress, string? Message)> _values = [];
    private readonly object _lock = new();
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expected;
    private readonly IAsyncDisposable _registration;

    public ProgressRecorder(McpClient client, int expected)
    {
        _expected = expected;
        _registration = client.RegisterNotificationHandler("notifications/progress", (notification, _) =>
        {
            var progress = notification.Params!["progress"]!.GetValue<double>();
            Record(progress, notification.Params["message"]?.GetValue<string>());
            return ValueTask.CompletedTask;
        });
    }

    public Task Enough => _enough.Task;

    /// <summary>The notifications in the order of their progress numbers, which the server gives in arrival order.</summary>
    public IReadOnlyList<(double Progress, string? Message)> InOrder()
    {
        lock (_lock)
        {
            return [.. _values.OrderBy(v => v.Progress)];
        }
    }

    public ValueTask DisposeAsync() => _registration.DisposeAsync();

    private void Record(double progress, string? message)
    {
        bool enough;
        lock (_lock)
        {
            _values.Add((progress, message));
            enough = _values.Count >= _expected;
        }

        if (enough)
        {
            _enough.TrySetResult();
        }
    }

    public override string ToString() => string.Join(", ", InOrder().Select(v => v.Progress.ToString(CultureInfo.InvariantCulture) + " " + v.Message));
}
