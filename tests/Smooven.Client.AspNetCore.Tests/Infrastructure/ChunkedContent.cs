using System.Net;

namespace Smooven.Client.AspNetCore.Tests.Infrastructure;

/// <summary>A body of unknown length, so HttpClient sends it chunked with no Content-Length.</summary>
internal sealed class ChunkedContent(byte[] body) : HttpContent
{
    private const int ChunkSize = 4096;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < body.Length; offset += ChunkSize)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(ChunkSize, body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
