using ScaleOut;
using Smooven.Client.Redis.Tests.Infrastructure;

namespace Smooven.Client.Redis.Tests;

/// <summary>The ScaleOut sample does what its README says.</summary>
public class ScaleOutSampleTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task The_sample_waits_on_A_while_B_receives_every_callback_and_exits_0()
    {
        using var output = new StringWriter();

        var exitCode = await ScaleOutDemo.RunAsync(output, redis.Configuration).WaitAsync(Cluster.Patience);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("notification.queued      received by B, seen by A", text, StringComparison.Ordinal);
        Assert.Contains("notification.delivered   received by B, seen by A", text, StringComparison.Ordinal);
        Assert.Contains("Outcome on A: delivered via sms", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Redis_the_sample_says_what_to_set_and_exits_2()
    {
        using var output = new StringWriter();

        var exitCode = await ScaleOutDemo.RunAsync(output, redis: null, redisServer: null);

        Assert.Equal(2, exitCode);
        Assert.Contains("SMOOVEN_REDIS", output.ToString(), StringComparison.Ordinal);
    }
}
