using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Connection;
using Smooven.Client.Redis.Tests.Infrastructure;
using Smooven.Client.Testing;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Redis answers the endpoint's write, and says no: a Redis ACL user without a command, the keys or
/// the nudge channel, or a stream key that holds something else. Every callback is answered 503, and
/// Smooven's retries meet the same refusal until it gives up: lost. Only warnings that said "so that
/// Smooven retries" told of it; now an error says the write was refused and names the fix, once per
/// run of refusals.
/// </summary>
public class WriteRefusalTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int WriteRefused = 3021;
    private const int ClaimFailed = 3001;
    private const string RefusalMetric = "smooven.client.redis.refusals";

    [RedisFact]
    public async Task A_Redis_user_without_XADD_is_told_as_an_error_naming_the_ACL_fix_once_per_run_of_refused_writes()
    {
        var user = await redis.CreateUserAsync("-xadd");
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "noxadd-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, logs, user);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var delivery = new SignedDelivery(emulator.SecretKey, "ntf_refused_write");

        // Smooven's first attempt and its three retries: all refused, said once.
        var refusedAnswers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var response = await delivery.PostAsync(host.CallbackUrl);
            refusedAnswers.Add(response.StatusCode);
        }

        var firstRun = logs.Records.Count(record => record.EventId == WriteRefused);

        // Allowed again: a callback is recorded, which ends the run of refusals.
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "+xadd");
        using var allowed = await new SignedDelivery(emulator.SecretKey, "ntf_write_in_between").PostAsync(host.CallbackUrl);

        // Refused again: said again, once.
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "-xadd");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await new SignedDelivery(emulator.SecretKey, "ntf_refused_again").PostAsync(host.CallbackUrl);
            refusedAnswers.Add(response.StatusCode);
        }

        var refused = logs.Records.Where(record => record.EventId == WriteRefused).ToList();
        Assert.All(refusedAnswers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(1, firstRun);
        Assert.Equal(2, refused.Count);
        Assert.Equal(LogLevel.Error, refused[0].Level);
        Assert.IsType<RedisServerException>(refused[0].Exception);
        Assert.Equal(keyPrefix + ":callbacks", refused[0].Values["Stream"]);
        Assert.Contains("+xadd", refused[0].Message, StringComparison.Ordinal);
        Assert.Contains("~" + keyPrefix + ":*", refused[0].Message, StringComparison.Ordinal);
        Assert.Contains("lost once Smooven stops retrying", refused[0].Message, StringComparison.Ordinal);

        // Each refused callback is still named, for whoever must look its status up.
        Assert.Equal(refusedAnswers.Count, logs.Records.Count(record => record.EventId == ClaimFailed));
    }

    // Operators alert on metrics, not on logs: the error above is said once per run, so a counter
    // is what shows how many callbacks meet the refusal. Each refused write counts, tagged as a write.
    [RedisFact]
    public async Task Every_refused_write_is_counted_as_a_write_refusal_not_only_the_first_of_a_run()
    {
        var user = await redis.CreateUserAsync("-xadd");
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "countwrite-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, logs, user);
        using var refusals = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", RefusalMetric);

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await new SignedDelivery(emulator.SecretKey, "ntf_counted_" + attempt).PostAsync(host.CallbackUrl);
            answers.Add(response.StatusCode);
        }

        var measurements = refusals.GetMeasurementSnapshot();
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(3, measurements.EvaluateAsCounter());
        Assert.All(measurements, measurement => Assert.Equal("write", measurement.Tags["operation"]));
        Assert.Single(logs.Records, record => record.EventId == WriteRefused);
    }

    // NOPERM for EVALSHA itself; inside the script Redis 7.0 answers ERR for a command, key or channel it denies.
    [RedisTheory]
    [InlineData("-evalsha", "-eval")]
    [InlineData("-set")]
    [InlineData("resetkeys", "~another-app:*")]
    [InlineData("resetchannels")]
    public async Task A_Redis_user_without_a_command_the_key_or_the_channel_the_write_needs_is_told_as_an_error_naming_the_ACL_fix(params string[] rules)
    {
        var user = await redis.CreateUserAsync(rules);
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "aclwrite-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, logs, user);

        using var response = await new SignedDelivery(emulator.SecretKey, "ntf_refused_write").PostAsync(host.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var refused = Assert.Single(logs.Records, record => record.EventId == WriteRefused);
        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Contains("~" + keyPrefix + ":*", refused.Message, StringComparison.Ordinal);
        Assert.Contains("&" + keyPrefix + ":nudge", refused.Message, StringComparison.Ordinal);
        Assert.Contains("+evalsha", refused.Message, StringComparison.Ordinal);
    }

    // Another app sharing the key prefix wrote a string where the stream belongs.
    [RedisFact]
    public async Task A_stream_key_that_holds_something_else_is_told_as_an_error_that_says_it_is_not_a_stream()
    {
        var keyPrefix = "wrongtype-" + Guid.NewGuid().ToString("N");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await admin.GetDatabase().StringSetAsync(keyPrefix + ":callbacks", "another app's value");
        await using var emulator = await SmoovenEmulator.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, logs, user: null);

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await new SignedDelivery(emulator.SecretKey, "ntf_wrongtype").PostAsync(host.CallbackUrl);
            answers.Add(response.StatusCode);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        var refused = Assert.Single(logs.Records, record => record.EventId == WriteRefused);
        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Contains("WRONGTYPE", refused.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("not a stream", refused.Message, StringComparison.Ordinal);
        Assert.Contains("KeyPrefix", refused.Message, StringComparison.Ordinal);
    }

    // The package README's list lacked PEXPIRE, which a claim that finds its delivery handled by
    // another instance runs: an ACL user built from it answered every such duplicate 503 until Smooven
    // gave up on it. It lacked ECHO too, without which StackExchange.Redis never had a usable connection.
    [RedisFact]
    public async Task A_Redis_user_with_only_what_the_package_README_lists_records_a_callback_and_answers_its_duplicate()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "readme-" + Guid.NewGuid().ToString("N");
        var user = await CreateReadmeUserAsync(keyPrefix);
        var logs = new CapturingLoggerProvider();
        await using var first = await StartAsync(emulator, keyPrefix, logs, user);
        await using var second = await StartAsync(emulator, keyPrefix, logs, user);
        var delivery = new SignedDelivery(emulator.SecretKey, "ntf_readme_user");

        // The duplicate reaches the other instance, which finds the delivery handled in Redis.
        using var handled = await delivery.PostAsync(first.CallbackUrl);
        using var duplicate = await delivery.PostUntilAnsweredAsync(second.CallbackUrl);

        Assert.Equal(HttpStatusCode.OK, handled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Equal(1, first.Handler.Calls + second.Handler.Calls);
        Assert.DoesNotContain(logs.Records, record => record.EventId == WriteRefused);
    }

    // StackExchange.Redis checks the servers again after every reconnect (here asked for at once), with
    // a PING to each one it is still connected to, and drops a connection whose PING is refused. The
    // README's list lacked PING: such a user's connection was dropped after it came up (the first
    // callback after a start, 1 run in 3 to 5, got 503), again after each reconnect, and, idle for
    // the keep-alive (60 s), the subscription's too, which then took the other connection with it.
    [RedisFact]
    public async Task A_Redis_user_with_only_what_the_package_README_lists_keeps_its_connection_when_the_servers_are_checked_again()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        var keyPrefix = "recheck-" + Guid.NewGuid().ToString("N");
        var user = await CreateReadmeUserAsync(keyPrefix);
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(emulator, keyPrefix, logs, user);
        var multiplexer = await host.Services.GetRequiredService<RedisConnection>().WhenReady;
        var server = Assert.Single(multiplexer.GetServers());
        var sockets = server.GetCounters().Interactive.SocketCount;

        await multiplexer.ConfigureAsync();
        using var response = await new SignedDelivery(emulator.SecretKey, "ntf_after_recheck").PostAsync(host.CallbackUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sockets, server.GetCounters().Interactive.SocketCount);
    }

    // The ACL user the package README describes, with nothing more.
    private Task<string> CreateReadmeUserAsync(string keyPrefix) =>
        redis.CreateUserAsync(
            "resetkeys", $"~{keyPrefix}:*", "resetchannels", $"&{keyPrefix}:nudge", "-@all",
            "+eval", "+evalsha", "+script|load", "+xadd", "+xread", "+xrevrange", "+xtrim", "+xinfo", "+exists",
            "+get", "+set", "+del", "+pexpire", "+time", "+publish", "+subscribe", "+echo", "+ping");

    // A Redis ACL user allowed everything but what the arguments take away.
    private Task<ScaleOutHost> StartAsync(SmoovenEmulator emulator, string keyPrefix, CapturingLoggerProvider logs, string? user) =>
        ScaleOutHost.StartAsync(
            emulator,
            redis.ConfigurationFor(user),
            keyPrefix,
            configure: services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));
}
