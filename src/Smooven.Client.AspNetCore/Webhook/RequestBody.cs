using System.Buffers;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// A request body read whole into a pooled buffer, never past the size limit: the bytes the
/// signature was made over, exactly as received.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>The first buffer's size: a callback is well under it.</summary>
    internal const int FirstBufferSize = 4 * 1024;

    private readonly ArrayPool<byte> _pool;
    private byte[]? _buffer;

    private RequestBody(ArrayPool<byte> pool, byte[] buffer, int length)
    {
        _pool = pool;
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(RequestBody))).AsSpan(0, Length);

    /// <summary>Reads the whole body, or stops at the first byte past <paramref name="maxBytes"/> and returns null.</summary>
    /// <param name="body">The request body stream.</param>
    /// <param name="declaredLength">The Content-Length, when sent; a smaller one makes the first buffer smaller, never larger.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static ValueTask<RequestBody?> ReadAsync(Stream body, long? declaredLength, long maxBytes, CancellationToken cancellationToken) =>
        ReadAsync(body, declaredLength, maxBytes, ArrayPool<byte>.Shared, cancellationToken);

    // The buffer grows with the bytes that actually arrived, never with what the sender declared:
    // a connection that sends headers only, before any signature is checked, holds one small buffer.
    // A ValueTask: the body has usually arrived with the headers, and then no task is allocated.
    internal static async ValueTask<RequestBody?> ReadAsync(Stream body, long? declaredLength, long maxBytes, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(maxBytes, Array.MaxLength - 1);
        var firstSize = (int)Math.Min(Math.Min(limit, FirstBufferSize), declaredLength is { } declared ? declared + 1 : long.MaxValue);
        var buffer = pool.Rent(firstSize);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length && length < limit)
                {
                    buffer = Grow(pool, buffer, length, (int)Math.Min((long)buffer.Length * 2, limit));
                }

                // At the limit, one more byte read is enough to know the body is too large.
                var read = length < limit
                    ? await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false)
                    : await ProbeAsync(body, pool, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var whole = new RequestBody(pool, buffer, length);
                    buffer = null;
                    return whole;
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                pool.Return(buffer);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            _pool.Return(buffer);
        }
    }

    private static async ValueTask<int> ProbeAsync(Stream body, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var probe = pool.Rent(1);
        try
        {
            return await body.ReadAsync(probe.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pool.Return(probe);
        }
    }

    private static byte[] Grow(ArrayPool<byte> pool, byte[] buffer, int length, int size)
    {
        var larger = pool.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        pool.Return(buffer);
        return larger;
    }
}
