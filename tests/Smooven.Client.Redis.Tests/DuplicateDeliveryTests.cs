using System.Net;
using Smooven.Client.Redis.Tests.Infrastructure;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// The duplicate window is cluster-wide: a retried delivery reaches the handlers once whichever
/// instance it lands on, and one that lands while another instance is handling it is not lost.
/// </summary>
public class DuplicateDeliveryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_retry_that_reaches_a_second_instance_after_the_first_handled_it_is_a_duplicate()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_retried");

        using var first = await delivery.PostAsync(a.CallbackUrl);
        using var retry = await delivery.PostUntilAnsweredAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((1, 0), (a.Handler.Calls, b.Handler.Calls));
    }

    [RedisFact]
    public async Task An_identical_delivery_while_another_instance_handles_it_gets_503_and_its_retry_is_a_duplicate()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_raced");
        a.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = delivery.PostAsync(a.CallbackUrl);
        await a.Handler.Entered.Task.WaitAsync(Cluster.Patience);
        using var meanwhile = await delivery.PostAsync(b.CallbackUrl);
        a.Handler.Gate.SetResult();
        using var firstAnswer = await first;
        using var retry = await delivery.PostUntilAnsweredAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, meanwhile.StatusCode);
        Assert.NotNull(meanwhile.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((1, 0), (a.Handler.Calls, b.Handler.Calls));
    }

    [RedisFact]
    public async Task A_delivery_whose_handler_failed_on_one_instance_is_handled_by_its_retry_on_another()
    {
        await using var cluster = await Cluster.StartAsync(redis, hosts: 2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var delivery = new SignedDelivery(cluster.Emulator.SecretKey, "ntf_failed_handler");
        a.Handler.Failure = new InvalidOperationException("The database is down.");

        using var first = await delivery.PostAsync(a.CallbackUrl);
        using var retry = await delivery.PostAsync(b.CallbackUrl);

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((1, 1), (a.Handler.Calls, b.Handler.Calls));
    }
}
