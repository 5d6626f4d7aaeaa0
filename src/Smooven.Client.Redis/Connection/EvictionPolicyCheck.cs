using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Connection;

/// <summary>
/// Asks each Redis primary for its <c>maxmemory</c> and <c>maxmemory-policy</c> when its connection
/// becomes ready (or, for a replica made primary, when that change is reported), and warns when it
/// has a memory limit and an <c>allkeys-*</c> policy: at that limit it may evict the callback stream,
/// which has no expiry, and the callbacks other instances have not read yet are lost with it. Without a limit (<c>maxmemory</c> 0) nothing is ever evicted.
/// Best effort: managed Redis often refuses <c>CONFIG</c>, and a Redis that cannot say must not stop
/// anything. Never awaited by the start: a Redis that does not answer would hold it.
/// </summary>
internal sealed class EvictionPolicyCheck(ILogger logger)
{
    private const string LimitParameter = "maxmemory";
    private const string PolicyParameter = "maxmemory-policy";

    private readonly object _gate = new();

    // Per server asked as a primary: the evicting policy last warned of, or null when its last answer
    // was safe or none. Every reconnect asks again (it may reach another server, as after a failover),
    // but only a change is worth another warning; per server, so that two primaries with different
    // policies do not warn again at each other's reconnects.
    private readonly Dictionary<string, string?> _warnedPolicies = [];
    private readonly HashSet<string> _asking = [];

    /// <summary>Asks each primary connected now; the others are asked when their connection is restored.</summary>
    public void CheckConnectedPrimaries(IConnectionMultiplexer multiplexer) => _ = CheckAsync(multiplexer, restored: null);

    /// <summary>
    /// Asks the server whose interactive connection was restored, unless it is a replica: the stream
    /// is written on the primaries, each asked when its own connection becomes ready.
    /// </summary>
    public void CheckRestored(IConnectionMultiplexer multiplexer, EndPoint endPoint) => _ = CheckAsync(multiplexer, endPoint);

    /// <summary>
    /// Asks the server whose configuration changed if it is a primary never asked: a replica made
    /// primary (a failover told by broadcast, or found by a reconfiguration) keeps its connection, so
    /// no restoration asks it. One asked already is asked again when its connection is restored, not
    /// here: StackExchange.Redis reports a change after every restoration too.
    /// </summary>
    public void CheckChanged(IConnectionMultiplexer multiplexer, EndPoint endPoint) => _ = CheckAsync(multiplexer, endPoint, onlyIfNeverAsked: true);

    // Never awaited, so nothing would observe its failure: a logger provider that throws ends the
    // check here, with nothing left to tell it to.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing logger must not leave a faulted task behind.")]
    internal async Task CheckAsync(IConnectionMultiplexer multiplexer, EndPoint? restored, bool onlyIfNeverAsked = false)
    {
        try
        {
            await AskPrimariesAsync(multiplexer, restored, onlyIfNeverAsked).ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A check that cannot run must never fail the start or the connection.")]
    private async Task AskPrimariesAsync(IConnectionMultiplexer multiplexer, EndPoint? restored, bool onlyIfNeverAsked)
    {
        IServer[] primaries;
        try
        {
            // IServer throws for a proxy (twemproxy, envoy), which has no server API.
            var servers = restored is null ? multiplexer.GetServers() : [multiplexer.GetServer(restored)];
            primaries = [.. servers.Where(server => server.IsConnected && !server.IsReplica && !(onlyIfNeverAsked && WasAsked(server)))];
        }
        catch (Exception ex)
        {
            RedisLog.EvictionPolicyUnknown(logger, restored?.ToString(), ex);
            return;
        }

        await Task.WhenAll(primaries.Select(AskAsync)).ConfigureAwait(false);
    }

    // One question at a time per server: the start's check and the change StackExchange.Redis reports
    // while connecting reached the same server at once, and both answers were told.
    private async Task AskAsync(IServer server)
    {
        var endPoint = NameOf(server);
        lock (_gate)
        {
            if (!_asking.Add(endPoint))
            {
                return;
            }
        }

        try
        {
            await AskOnceAsync(server, endPoint).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _asking.Remove(endPoint);
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A check that cannot run must never fail the start or the connection.")]
    private async Task AskOnceAsync(IServer server, string endPoint)
    {
        long limit;
        string? policy;
        try
        {
            // Through Execute rather than IServer.ConfigGet, which demands AllowAdmin of a connection
            // the application may have made for itself. The pattern answers both in one round trip.
            var answer = (await server.ExecuteAsync("CONFIG", "GET", LimitParameter + "*").ConfigureAwait(false)).ToDictionary(StringComparer.OrdinalIgnoreCase);
            policy = answer.TryGetValue(PolicyParameter, out var policyValue) ? policyValue.ToString() : null;
            limit = answer.TryGetValue(LimitParameter, out var limitValue) && long.TryParse(limitValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : -1;
        }
        catch (Exception ex)
        {
            MarkAsked(endPoint);
            RedisLog.EvictionPolicyUnknown(logger, endPoint, ex);
            return;
        }

        if (policy is null || limit < 0)
        {
            MarkAsked(endPoint);
            RedisLog.EvictionPolicyUnknown(logger, endPoint, null);
            return;
        }

        var evicting = limit > 0 && policy.StartsWith("allkeys-", StringComparison.OrdinalIgnoreCase) ? policy : null;
        bool warn;
        lock (_gate)
        {
            warn = evicting is not null && !string.Equals(evicting, _warnedPolicies.GetValueOrDefault(endPoint), StringComparison.OrdinalIgnoreCase);
            _warnedPolicies[endPoint] = evicting;
        }

        if (warn)
        {
            RedisLog.EvictionPolicyEvictsStream(logger, endPoint, limit, policy);
        }
        else
        {
            RedisLog.EvictionPolicyRead(logger, endPoint, limit, policy);
        }
    }

    private bool WasAsked(IServer server)
    {
        var endPoint = NameOf(server);
        lock (_gate)
        {
            return _warnedPolicies.ContainsKey(endPoint) || _asking.Contains(endPoint);
        }
    }

    // A server that cannot say is asked again only when its connection is restored.
    private void MarkAsked(string endPoint)
    {
        lock (_gate)
        {
            _warnedPolicies.TryAdd(endPoint, null);
        }
    }

    private static string NameOf(IServer server) => server.EndPoint.ToString() ?? string.Empty;
}
