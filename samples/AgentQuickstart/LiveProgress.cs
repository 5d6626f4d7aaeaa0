using System.Collections.Concurrent;
using System.Diagnostics;
using Smooven.Client;
using Smooven.Client.AspNetCore;

namespace AgentQuickstart;

/// <summary>Prints each callback the moment the webhook receives it, so the wait shows progress.</summary>
public sealed class LiveProgress(TextWriter output) : ISmoovenCallbackHandler
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<CallbackEvent, TaskCompletionSource> _printed = new();

    /// <summary>Counts from now: call it as the notification goes out.</summary>
    public void Restart() => _clock.Restart();

    public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
    {
        output.WriteLine($"  +{_clock.Elapsed.TotalSeconds:0.0} s  {callback.Event} via {callback.ChannelUsed}");
        Printed(callback.Event).TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The tracker hears of a callback just before the handlers do; this lets the progress line of
    /// the callback that ended the wait print before the summary. Gives up quietly after a second.
    /// </summary>
    public async Task CatchUpAsync(CallbackEvent last)
    {
        try
        {
            await Printed(last).Task.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }
    }

    private TaskCompletionSource Printed(CallbackEvent callbackEvent) =>
        _printed.GetOrAdd(callbackEvent, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
