using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Diagnostics;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Connection;

/// <summary>
/// Asks Redis for its <c>maxmemory-policy</c> when a connection becomes ready, and warns of an
/// <c>allkeys-*</c> one: under memory pressure it may evict the callback stream, which has no expiry,
/// and the callbacks other instances have not read yet are lost with it. Best effort: managed Redis
/// often refuses <c>CONFIG</c>, and a Redis that cannot say must not stop the start.
/// </summary>
internal static class EvictionPolicyCheck
{
    private const string PolicyParameter = "maxmemory-policy";

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A check that cannot run must never fail the start or the connection.")]
    public static async Task RunAsync(IConnectionMultiplexer multiplexer, ILogger logger, CancellationToken cancellationToken)
    {
        string? policy;
        try
        {
            // Through Execute rather than IServer.ConfigGet, which demands AllowAdmin of a connection
            // the application may have made for itself.
            var answer = await multiplexer.GetDatabase().ExecuteAsync("CONFIG", "GET", PolicyParameter).WaitAsync(cancellationToken).ConfigureAwait(false);
            var pair = (string?[]?)answer;
            policy = pair is [_, var value, ..] ? value : null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RedisLog.EvictionPolicyUnknown(logger, ex);
            return;
        }

        if (policy is null)
        {
            RedisLog.EvictionPolicyUnknown(logger, null);
        }
        else if (policy.StartsWith("allkeys-", StringComparison.OrdinalIgnoreCase))
        {
            RedisLog.EvictionPolicyEvictsStream(logger, policy);
        }
    }
}
