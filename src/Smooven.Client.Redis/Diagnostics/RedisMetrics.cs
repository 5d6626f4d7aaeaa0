using System.Diagnostics.Metrics;
using System.Reflection;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Diagnostics;

/// <summary>
/// The Redis backplane's instruments on the <c>Smooven.Client</c> meter: one from the
/// <see cref="IMeterFactory"/> in DI, so tests can listen to one host in isolation.
/// </summary>
internal sealed class RedisMetrics
{
    public const string MeterName = "Smooven.Client";

    private static readonly string Version =
        typeof(RedisMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    private readonly Counter<long> _connectionFailures;
    private readonly Counter<long> _connectionRestorations;
    private readonly Counter<long> _refusedEntries;
    private readonly Counter<long> _gaps;
    private readonly Counter<long> _refusals;

    public RedisMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = Version });
        _connectionFailures = meter.CreateCounter<long>(
            "smooven.client.redis.connection.failures", "{failure}", "Redis connections of the backplane that failed, by connection type.");
        _connectionRestorations = meter.CreateCounter<long>(
            "smooven.client.redis.connection.restorations", "{restoration}", "Redis connections of the backplane that came back, by connection type.");
        _refusedEntries = meter.CreateCounter<long>(
            "smooven.client.redis.entries.refused", "{entry}", "Stream entries from other instances refused: bad signature, or not a callback.");
        _gaps = meter.CreateCounter<long>(
            "smooven.client.redis.gaps", "{gap}", "Times the stream was trimmed past this instance's cursor, so that callbacks were missed.");
        _refusals = meter.CreateCounter<long>(
            "smooven.client.redis.refusals", "{refusal}", "Reads of the callback stream and writes of callbacks that Redis refused (an ACL, a key of another type), by operation: retrying does not get past them.");
    }

    public void ConnectionFailed(ConnectionType type) => _connectionFailures.Add(1, new KeyValuePair<string, object?>("connection_type", Tag(type)));

    public void ConnectionRestored(ConnectionType type) => _connectionRestorations.Add(1, new KeyValuePair<string, object?>("connection_type", Tag(type)));

    public void EntryRefused() => _refusedEntries.Add(1);

    public void Gap() => _gaps.Add(1);

    public void Refused(RedisRefusalSide side) => _refusals.Add(1, new KeyValuePair<string, object?>("operation", side == RedisRefusalSide.Reader ? "read" : "write"));

    private static string Tag(ConnectionType type) => type == ConnectionType.Subscription ? "subscription" : "interactive";
}
