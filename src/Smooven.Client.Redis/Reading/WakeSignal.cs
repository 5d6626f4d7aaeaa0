using System.Threading.Channels;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// Wakes the stream reader: set by a nudge or a restored connection, awaited with the poll interval
/// as a fallback. Any number of sets while the reader is busy wake it once, which is enough: it
/// reads to the end of the stream each time.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _signals = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Set() => _signals.Writer.TryWrite(true);

    /// <summary>Returns when set, or after <paramref name="poll"/> on the clock given.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was signalled.</exception>
    public async Task WaitAsync(TimeSpan poll, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var pollTimer = new CancellationTokenSource(poll, timeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pollTimer.Token);
        try
        {
            await _signals.Reader.ReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll: read anyway, in case a nudge was lost while the subscription was down.
        }
    }
}
