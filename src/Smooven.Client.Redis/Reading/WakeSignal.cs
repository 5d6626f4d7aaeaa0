using System.Threading.Channels;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// Wakes the stream reader: set by a nudge, a restored connection or the poll. Any number of sets
/// while the reader is busy wake it once more, which is enough: it reads to the end of the stream
/// each time. Waiting allocates nothing, so a wake-up per callback costs no garbage.
/// </summary>
/// <remarks>
/// The reader resumes on the thread that sets the signal (a nudge's, the poll's), up to its next
/// read from Redis, which it only sends: one hop through the busy thread pool less between a
/// nudge and that read, which is where cross-instance latency queues under load.
/// </remarks>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _signals = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        AllowSynchronousContinuations = true,
    });

    public void Set() => _signals.Writer.TryWrite(true);

    /// <summary>Returns once set.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was signalled.</exception>
    public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
        await _signals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
