using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Smooven.Client.LoadTests.Runs.Tracker;

/// <summary>
/// The floor for the tracker run: a bare endpoint feeding a dictionary of completion sources,
/// safe for early callbacks (whoever comes first creates the slot) and for duplicates (the first
/// terminal callback wins). It checks no signature and keeps no history: nothing is cheaper
/// and still correct under the same faults.
/// </summary>
internal sealed class FloorReceiver
{
    public const string Path = "/webhooks/floor";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waits = new(StringComparer.Ordinal);

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, async context =>
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (ReceiptClock.TryReadTerminal(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var notificationId))
        {
            Slot(notificationId).TrySetResult(notificationId);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    });

    public Task<string> WaitAsync(string notificationId, TimeSpan timeout) => Slot(notificationId).Task.WaitAsync(timeout);

    public void Clear() => _waits.Clear();

    private TaskCompletionSource<string> Slot(string notificationId) =>
        _waits.GetOrAdd(notificationId, static _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
