using System.Net.Sockets;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A unix socket in front of a <see cref="RedisServer"/> that passes bytes both ways until told to
/// lose Redis's replies (<see cref="LoseReplies"/>: commands still reach Redis and run) or the
/// commands themselves (<see cref="LoseCommands"/>), and then to cut every connection
/// (<see cref="CutConnections"/>), as a network that fails after a write went through and before
/// its answer came back, or before the write arrived. Connections made after the cut pass everything again.
/// </summary>
public sealed class RedisFaultProxy : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _folder = Directory.CreateTempSubdirectory("smooven-fault-proxy-").FullName;
    private readonly string _upstreamPath;
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _losingReplies;
    private volatile bool _losingCommands;

    public RedisFaultProxy(RedisServer upstream)
    {
        _upstreamPath = upstream.Configuration[1..];
        var path = Path.Combine(_folder, "proxy.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen();
        Configuration = "!" + path;
        _ = AcceptAsync();
    }

    /// <summary>The StackExchange.Redis configuration of the proxy's socket.</summary>
    public string Configuration { get; }

    /// <summary>From now on Redis's replies on the open connections are dropped, not passed on.</summary>
    public void LoseReplies() => _losingReplies = true;

    /// <summary>From now on the commands sent on the open connections are dropped, not passed on to Redis.</summary>
    public void LoseCommands() => _losingCommands = true;

    /// <summary>Closes every open connection, both ways; the next ones pass everything.</summary>
    public void CutConnections()
    {
        List<Socket> open;
        lock (_gate)
        {
            open = [.. _sockets];
            _sockets.Clear();
            _losingReplies = false;
            _losingCommands = false;
        }

        foreach (var socket in open)
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        CutConnections();
        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_upstreamPath), _stop.Token);
                lock (_gate)
                {
                    _sockets.Add(client);
                    _sockets.Add(upstream);
                }

                _ = PumpAsync(client, upstream, isReply: false);
                _ = PumpAsync(upstream, client, isReply: true);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool isReply)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (isReply ? _losingReplies : _losingCommands)
                {
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Cut, or the other side went away: the pump in the other direction sees it too.
        }
    }
}
