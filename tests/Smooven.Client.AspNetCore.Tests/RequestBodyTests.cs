using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Smooven.Client.AspNetCore.Webhook;

namespace Smooven.Client.AspNetCore.Tests;

// The body buffer grows with the bytes that arrived, never with the Content-Length a sender
// declared: before the signature is checked, a silent connection must cost almost nothing.
public class RequestBodyTests
{
    private const long Limit = 256 * 1024;

    [Theory]
    [InlineData(Limit)]
    [InlineData(null)]
    public async Task The_first_buffer_is_small_whatever_length_is_declared(long? declaredLength)
    {
        var pool = new RecordingPool();
        var pipe = new Pipe();

        var reading = RequestBody.ReadAsync(pipe.Reader.AsStream(), declaredLength, Limit, pool, CancellationToken.None).AsTask();

        // Nothing has arrived yet: one buffer is rented, and it is small.
        Assert.False(reading.IsCompleted);
        Assert.Equal(RequestBody.FirstBufferSize, Assert.Single(pool.Rented));
        await pipe.Writer.CompleteAsync();
        using var body = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, body!.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(10_000)]
    [InlineData(256 * 1024)]
    public async Task A_body_of_exactly_the_limit_is_read_whole_and_one_byte_more_is_refused(int limit)
    {
        var exact = Bytes(limit);
        var over = Bytes(limit + 1);

        // With a Content-Length, and without one (chunked).
        using var whole = await ReadInPiecesAsync(exact, limit, exact.Length);
        using var wholeChunked = await ReadInPiecesAsync(exact, limit, null);
        var refused = await ReadInPiecesAsync(over, limit, over.Length);
        var refusedChunked = await ReadInPiecesAsync(over, limit, null);

        Assert.Equal(exact, whole!.Span.ToArray());
        Assert.Equal(exact, wholeChunked!.Span.ToArray());
        Assert.Null(refused);
        Assert.Null(refusedChunked);
    }

    [Fact]
    public async Task An_over_limit_body_never_rents_more_than_the_limit()
    {
        var pool = new RecordingPool();

        var body = await ReadInPiecesAsync(Bytes((int)Limit + 1), (int)Limit, null, pool);

        Assert.Null(body);
        Assert.All(pool.Rented, size => Assert.InRange(size, 1, (int)Limit));
        Assert.Equal(pool.Rented.Count, pool.Returned);
    }

    // Written in uneven pieces, so that reads end on and across every buffer boundary.
    private static async Task<RequestBody?> ReadInPiecesAsync(byte[] data, int limit, long? declaredLength, ArrayPool<byte>? pool = null)
    {
        var pipe = new Pipe();
        var reading = RequestBody.ReadAsync(pipe.Reader.AsStream(), declaredLength, limit, pool ?? ArrayPool<byte>.Shared, CancellationToken.None).AsTask();
        for (var offset = 0; offset < data.Length; offset += 1000)
        {
            await pipe.Writer.WriteAsync(data.AsMemory(offset, Math.Min(1000, data.Length - offset)));
        }

        await pipe.Writer.CompleteAsync();
        return await reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private sealed class RecordingPool : ArrayPool<byte>
    {
        private int _returned;

        public ConcurrentQueue<int> Rented { get; } = new();

        public int Returned => Volatile.Read(ref _returned);

        public override byte[] Rent(int minimumLength)
        {
            var array = Shared.Rent(minimumLength);
            Rented.Enqueue(array.Length);
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Interlocked.Increment(ref _returned);
            Shared.Return(array, clearArray);
        }
    }
}
