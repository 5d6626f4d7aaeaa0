using System.Net;
using Microsoft.Extensions.AI;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Guardrails;

/// <summary>
/// A send whose answer was lost may have reached the person: trying the same request again, as the
/// result advises or as a user does after cancelling, must not notify them a second time.
/// </summary>
public class UnconfirmedSendTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

    [Fact]
    public async Task After_smooven_could_not_be_reached_the_models_retry_gets_the_notification_that_went_out()
    {
        await using var host = await AgentHost.StartAsync();
        using var client = new LostAnswerHandler().ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        var (_, lost) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        var (_, retried) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: NoWait));

        Assert.Equal("error", AgentRun.Status(lost));
        Assert.Contains("Try again", AgentRun.Message(lost), StringComparison.Ordinal);
        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.Equal("sent", AgentRun.Status(retried));
        Assert.Equal(sent.NotificationId, retried.GetProperty("notification_id").GetString());
        Assert.True(host.Emulator.Requests[1].IsReplay);
    }

    // The tools take these for the same intent to the same person (a model retrying rarely copies itself
    // exactly), so the retry must reach Smooven as the lost request, under its key, and not as a new one.
    [Theory]
    [InlineData(" Sarah@Example.com ", "remind sarah about her appointment ", "normal")]
    [InlineData("sarah@example.com", "Remind Sarah about her appointment", "low")]
    public async Task A_retry_that_differs_only_in_case_white_space_or_a_lower_urgency_gets_the_notification_that_went_out(
        string userId, string intent, string urgency)
    {
        await using var host = await AgentHost.StartAsync();
        using var client = new LostAnswerHandler().ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        var (_, lost) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", intent: "Remind Sarah about her appointment", extra: NoWait));
        var (_, retried) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", userId, intent, new() { ["urgency"] = urgency, ["wait_for_outcome"] = false }));

        Assert.Equal("error", AgentRun.Status(lost));
        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.Equal("sent", AgentRun.Status(retried));
        Assert.Equal(sent.NotificationId, retried.GetProperty("notification_id").GetString());
        Assert.True(host.Emulator.Requests[1].IsReplay);
    }

    // The lower-urgency retry got the lost notification, which went at normal urgency: normal again is no escalation.
    [Fact]
    public async Task After_a_lower_urgency_retry_got_the_lost_notification_its_urgency_again_is_a_duplicate()
    {
        await using var host = await AgentHost.StartAsync();
        using var client = new LostAnswerHandler().ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: new() { ["urgency"] = "low", ["wait_for_outcome"] = false }));
        var (_, normalAgain) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", extra: NoWait));

        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.True(normalAgain.GetProperty("duplicate").GetBoolean());
        Assert.Equal(sent.NotificationId, normalAgain.GetProperty("notification_id").GetString());
    }

    // An escalation is a request of its own: sent as the lost try, Smooven would answer it with the
    // lower-urgency notification that may have gone out, and the person would never get the urgent one.
    [Fact]
    public async Task A_retry_at_a_higher_urgency_after_a_lost_answer_is_sent_as_an_escalation()
    {
        await using var host = await AgentHost.StartAsync();
        using var client = new LostAnswerHandler().ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        var (_, escalated) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: new() { ["urgency"] = "high", ["wait_for_outcome"] = false }));

        Assert.Equal(2, host.Emulator.Notifications.Count);
        Assert.False(host.Emulator.Requests[1].IsReplay);
        Assert.Contains("\"high\"", host.Emulator.Requests[1].Body, StringComparison.Ordinal);
        Assert.Equal("sent", AgentRun.Status(escalated));
        Assert.Equal(host.Emulator.Notifications[1].NotificationId, escalated.GetProperty("notification_id").GetString());
    }

    // A lower-urgency retry resends the lost high-urgency request; a high-urgency call while it is out is
    // the same notification, not an escalation to send beside it.
    [Fact]
    public async Task A_call_at_the_lost_tries_urgency_while_its_lower_urgency_retry_is_out_is_a_duplicate()
    {
        await using var host = await AgentHost.StartAsync();
        using var held = new HoldSecondRequest(new LostAnswerHandler());
        using var client = new SmoovenClient(
            new HttpClient(held),
            new SmoovenClientOptions { SecretKey = host.Emulator.SecretKey, BaseAddress = host.Emulator.BaseAddress, MaxRetries = 0 },
            host.Tracker);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });
        Task<object?> Call(string urgency) => tools.Functions[0].InvokeAsync(new()
        {
            ["intent"] = "Remind Sarah", ["user_id"] = "sarah@example.com", ["urgency"] = urgency, ["wait_for_outcome"] = false,
        }).AsTask();

        await Call("high");
        var retry = Call("low");
        await held.Entered.WaitAsync(AgentRun.Patience);
        // The intent is claimed before the call's first await, so while the retry is held.
        var meanwhile = Call("high");
        held.Release();
        await retry;
        var duplicate = (System.Text.Json.JsonElement)(await meanwhile)!;

        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        Assert.Equal(sent.NotificationId, duplicate.GetProperty("notification_id").GetString());
    }

    /// <summary>Holds the second request until released, so that another call can come while it is out.</summary>
    private sealed class HoldSecondRequest(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _requests;

        public Task Entered => _entered.Task;

        public void Release() => _released.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _requests) == 2)
            {
                _entered.TrySetResult();
                await _released.Task.WaitAsync(AgentRun.Patience, cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    // A gateway's 502 or 504 can come after Smooven took the request, as a lost answer can.
    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task After_a_gateway_error_the_models_retry_gets_the_notification_that_went_out(HttpStatusCode status)
    {
        await using var host = await AgentHost.StartAsync();
        using var client = new LostAnswerHandler(gatewayError: status).ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        var (_, lost) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        var (_, retried) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: NoWait));

        Assert.Equal("error", AgentRun.Status(lost));
        Assert.StartsWith("Nothing was confirmed", AgentRun.Message(lost), StringComparison.Ordinal);
        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.Equal(sent.NotificationId, retried.GetProperty("notification_id").GetString());
        Assert.True(host.Emulator.Requests[1].IsReplay);
    }

    // A refusal for load says nothing of the first try, whose answer was lost: the third try still reuses its key.
    [Fact]
    public async Task A_retry_refused_for_load_keeps_the_lost_tries_key_for_the_next()
    {
        await using var host = await AgentHost.StartAsync();
        using var client = new LostAnswerHandler(refuseSecondWith: HttpStatusCode.ServiceUnavailable).ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        var (_, refused) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: NoWait));
        var (_, third) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", extra: NoWait));

        Assert.Equal("error", AgentRun.Status(refused));
        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.Equal(sent.NotificationId, third.GetProperty("notification_id").GetString());
        Assert.True(host.Emulator.Requests[1].IsReplay);
    }

    [Fact]
    public async Task A_call_cancelled_while_its_request_was_out_then_made_again_notifies_once()
    {
        await using var host = await AgentHost.StartAsync();
        using var cancel = new CancellationTokenSource();
        using var client = new LostAnswerHandler(cancel).ClientFor(host);
        using var tools = new SmoovenAITools(client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl });
        AIFunctionArguments Call() => new() { ["intent"] = "Remind Sarah", ["user_id"] = "sarah@example.com", ["wait_for_outcome"] = false };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tools.Functions[0].InvokeAsync(Call(), cancel.Token).AsTask());
        var again = (System.Text.Json.JsonElement)(await tools.Functions[0].InvokeAsync(Call()))!;

        var sent = Assert.Single(host.Emulator.Notifications);
        Assert.Equal(sent.NotificationId, again.GetProperty("notification_id").GetString());
        Assert.Equal(2, host.Emulator.Requests.Count);
    }
}
