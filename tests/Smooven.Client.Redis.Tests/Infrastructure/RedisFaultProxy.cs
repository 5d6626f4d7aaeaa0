using System.Net.Sockets;
using System.Text;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A unix socket in front of a <see cref="RedisServer"/> that passes bytes both ways until told to
/// lose Redis's replies on the open connections (<see cref="LoseReplies"/>: commands still reach
/// Redis and run) or the commands themselves (<see cref="LoseCommands"/>), and to cut them
/// (<see cref="CutConnections"/>), as a network that fails after a write went through and before its
/// answer came back, or before the write arrived. Connections made afterwards pass everything.
/// </summary>
public sealed class RedisFaultProxy : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _folder = Directory.CreateTempSubdirectory("smooven-fault-proxy-").FullName;
    private readonly string _upstreamPath;
    private readonly List<Link> _open = [];
    private readonly List<(byte[] Name, TaskCompletionSource Passed)> _watched = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _refusing;

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
    public void LoseReplies() => ForEachOpen(link => link.LosingReplies = true);

    /// <summary>From now on the commands sent on the open connections are dropped, not passed on to Redis.</summary>
    public void LoseCommands() => ForEachOpen(link => link.LosingCommands = true);

    /// <summary>
    /// Completes once a command named <paramref name="name"/> (such as <c>XREAD</c>) has been passed on
    /// to Redis from now on: with <see cref="LoseReplies"/>, it then waits for a reply that never comes.
    /// </summary>
    public Task CommandPassedAsync(string name)
    {
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watched.Add((Encoding.ASCII.GetBytes(name), passed));
        }

        return passed.Task;
    }

    /// <summary>From now on new connections are closed at once, as by a Redis out of reach, until <see cref="AcceptConnections"/>.</summary>
    public void RefuseConnections() => _refusing = true;

    /// <summary>New connections pass again.</summary>
    public void AcceptConnections() => _refusing = false;

    /// <summary>Closes every open connection, both ways.</summary>
    public void CutConnections()
    {
        List<Link> open;
        lock (_gate)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var link in open)
        {
            link.Client.Dispose();
            link.Upstream.Dispose();
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
                if (_refusing)
                {
                    client.Dispose();
                    continue;
                }

                var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_upstreamPath), _stop.Token);
                var link = new Link(client, upstream);
                lock (_gate)
                {
                    _open.Add(link);
                }

                _ = PumpAsync(link, isReply: false);
                _ = PumpAsync(link, isReply: true);
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

    private void ForEachOpen(Action<Link> fault)
    {
        lock (_gate)
        {
            _open.ForEach(fault);
        }
    }

    private async Task PumpAsync(Link link, bool isReply)
    {
        var (from, to) = isReply ? (link.Upstream, link.Client) : (link.Client, link.Upstream);
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

                if (isReply ? link.LosingReplies : link.LosingCommands)
                {
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                if (!isReply)
                {
                    NotePassed(buffer.AsSpan(0, read));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Cut, or the other side went away: the pump in the other direction sees it too.
        }
    }

    private void NotePassed(ReadOnlySpan<byte> commands)
    {
        lock (_gate)
        {
            for (var i = _watched.Count - 1; i >= 0; i--)
            {
                if (commands.IndexOf(_watched[i].Name) >= 0)
                {
                    _watched[i].Passed.TrySetResult();
                    _watched.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Link(Socket client, Socket upstream)
    {
        public Socket Client { get; } = client;

        public Socket Upstream { get; } = upstream;

        public volatile bool LosingReplies;

        public volatile bool LosingCommands;
    }
}
