using System.Diagnostics;
using Smooven.Client;
using Smooven.Client.AspNetCore;

namespace AgentQuickstart;

/// <summary>Prints each callback the moment the webhook receives it, so the wait shows progress.</summary>
public sealed class LiveProgress(TextWriter output) : ISmoovenCallbackHandler
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _settledPrinted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Counts from now: call it as the notification goes out.</summary>
    public void Restart() => _clock.Restart();

    public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
    {
        output.WriteLine($"  +{_clock.Elapsed.TotalSeconds:0.0} s  {callback.Event} via {callback.ChannelUsed}");
        if (callback.IsTerminal)
        {
            _settledPrinted.TrySetResult();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The tracker hears of a callback just before the handlers do; this lets the last progress
    /// line print before the summary. Gives up quietly after a second.
    /// </summary>
    public async Task CatchUpAsync()
    {
        try
        {
            await _settledPrinted.Task.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }
    }
}
