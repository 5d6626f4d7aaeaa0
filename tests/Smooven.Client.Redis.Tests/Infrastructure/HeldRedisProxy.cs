using System.Net.Sockets;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A unix socket in front of a <see cref="RedisServer"/> that accepts connections but passes nothing
/// on until <see cref="Release"/>, as a Redis slow to answer the handshake: a connection made through
/// <see cref="Configuration"/> is under way, and stays so, from <see cref="Accepted"/> until then.
/// </summary>
public sealed class HeldRedisProxy : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _folder = Directory.CreateTempSubdirectory("smooven-proxy-").FullName;
    private readonly string _upstreamPath;
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private int _open;

    public HeldRedisProxy(RedisServer upstream)
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

    /// <summary>Completes when the first connection is accepted.</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Completes once every connection accepted was closed by its client.</summary>
    public Task AllClosedByClients => _allClosed.Task;

    /// <summary>Passes every connection, held or to come, through to Redis.</summary>
    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_gate)
            {
                _sockets.Add(client);
                _open++;
            }

            _accepted.TrySetResult();
            _ = PassThroughAsync(client);
        }
    }

    private async Task PassThroughAsync(Socket client)
    {
        try
        {
            await _released.Task.WaitAsync(_stop.Token);
            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            lock (_gate)
            {
                _sockets.Add(upstream);
            }

            await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_upstreamPath), _stop.Token);
            await using var fromClient = new NetworkStream(client, ownsSocket: false);
            await using var toRedis = new NetworkStream(upstream, ownsSocket: false);
            var replies = toRedis.CopyToAsync(fromClient, _stop.Token);
            await fromClient.CopyToAsync(toRedis, _stop.Token); // ends when the client closes
            upstream.Shutdown(SocketShutdown.Both);
            await replies.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
        }

        lock (_gate)
        {
            if (--_open == 0)
            {
                _allClosed.TrySetResult();
            }
        }
    }
}
