using System.Buffers;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// A request body read whole into a pooled buffer, never past the size limit: the bytes the
/// signature was made over, exactly as received.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int FirstBufferSize = 16 * 1024;

    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(RequestBody))).AsSpan(0, Length);

    /// <summary>Reads the whole body, or stops after <paramref name="maxBytes"/> + 1 bytes and returns null.</summary>
    /// <param name="body">The request body stream.</param>
    /// <param name="declaredLength">The Content-Length, when sent; it sizes the buffer.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<RequestBody?> ReadAsync(Stream body, long? declaredLength, long maxBytes, CancellationToken cancellationToken)
    {
        // One byte past the limit is enough to know the body is too large.
        var readLimit = maxBytes >= Array.MaxLength ? Array.MaxLength : (int)maxBytes + 1;

        // A declared length sizes the buffer exactly (one spare byte to see the end without growing).
        var firstSize = declaredLength is { } declared && declared < readLimit ? (int)declared + 1 : Math.Min(readLimit, FirstBufferSize);
        var buffer = ArrayPool<byte>.Shared.Rent(firstSize);
        var length = 0;
        try
        {
            while (true)
            {
                var room = Math.Min(buffer.Length, readLimit) - length;
                if (room == 0)
                {
                    if (length >= readLimit)
                    {
                        return null;
                    }

                    buffer = Grow(buffer, length, (int)Math.Min((long)buffer.Length * 2, readLimit));
                    continue;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var whole = new RequestBody(buffer, length);
                    buffer = null;
                    return whole;
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
