using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Smooven.Client.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Writes a request by hand and stops before its body ends, then reads the status line: shows
/// that the server answers without waiting for the rest of the body. HttpClient cannot do this,
/// as it does not hand back a response until it has sent the whole request.
/// </summary>
internal static class RawHttp
{
    public static async Task<HttpStatusCode> SendUnfinishedAsync(Uri address, string path, string headers, byte[] bodyStart)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{address.Port}\r\nContent-Type: application/json\r\n{headers}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bodyStart);
        await stream.FlushAsync();

        var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10))
            ?? throw new IOException("The server closed the connection without answering.");
        return (HttpStatusCode)int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Encodes bytes as one chunk of a chunked body, with no final chunk after it.</summary>
    public static byte[] Chunk(byte[] data) =>
        [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];
}
