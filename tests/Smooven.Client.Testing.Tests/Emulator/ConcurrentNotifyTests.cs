using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

/// <summary>
/// Notify requests that overlap: what the emulator calls out to while it takes one up (the scenario
/// selector, the clock) holds up no other, and one Idempotency-Key still makes one notification.
/// </summary>
public class ConcurrentNotifyTests
{
    private const string Body = """{"intent":"Remind Sarah about her appointment","context":{"user_id":"sarah@example.com"}}""";

    [Fact]
    public async Task A_selector_that_waits_for_another_notify_request_does_not_hold_it_up()
    {
        var probe = new Probe();
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions
        {
            ScenarioSelector = n =>
            {
                if (n.UserId != Probe.UserId)
                {
                    probe.Run();
                }

                return EmulatorScenario.Delivered;
            },
        });
        probe.Emulator = emulator;
        using var client = Emulated.ClientFor(emulator);

        var accepted = await client.NotifyAsync(Emulated.Reminder(null));

        Assert.Equal(probe.Sent, probe.Answered);
        Assert.Equal(1, probe.Sent);
        var waiting = emulator.Notifications.Single(n => n.NotificationId == accepted.NotificationId);
        var other = emulator.Notifications.Single(n => n.UserId == Probe.UserId);
        Assert.Equal(1, waiting.SequenceNumber); // numbered as they came, though the other was accepted first
        Assert.Equal(2, other.SequenceNumber);
    }

    [Fact]
    public async Task A_timer_that_a_read_of_the_emulator_clock_runs_can_wait_for_another_notify_request()
    {
        var probe = new Probe();
        var clock = new ProbingClock(probe);
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        probe.Emulator = emulator;
        using var client = Emulated.ClientFor(emulator);

        clock.IsProbing = true;
        await client.NotifyAsync(Emulated.Reminder(null)); // with an Idempotency-Key, so the key's window is judged too
        clock.IsProbing = false;

        Assert.NotEqual(0, probe.Sent);
        Assert.Equal(probe.Sent, probe.Answered);
    }

    [Fact]
    public async Task Two_requests_sent_together_with_one_key_make_one_notification_and_the_other_replays_it()
    {
        using var bothChoosing = new Barrier(2);
        var metInTheSelector = 0;
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions
        {
            ScenarioSelector = _ =>
            {
                // Held until both are taken up, so that neither is accepted before the other has looked for the key.
                if (bothChoosing.SignalAndWait(Emulated.Patience))
                {
                    Interlocked.Increment(ref metInTheSelector);
                }

                return EmulatorScenario.Delivered;
            },
        });
        using var http = new HttpClient();

        var answers = await Task.WhenAll(PostAsync(http, emulator, "key-1"), PostAsync(http, emulator, "key-1"));

        Assert.Equal(2, metInTheSelector);
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Accepted, answer.Status));
        Assert.Equal(answers[0].Body, answers[1].Body);
        var notification = Assert.Single(emulator.Notifications);
        Assert.All(emulator.Requests, request => Assert.Equal(notification.NotificationId, request.NotificationId));
        Assert.Equal([false, true], emulator.Requests.Select(r => r.IsReplay).Order());
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, SmoovenEmulator emulator, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v1/agent/notify"))
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.SecretKey);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Sends a notify request from inside code the emulator calls out to, and blocks until it is
    /// answered or the patience runs out, as a selector or timer that waits on the app under test
    /// would. The probe's own request is not probed again.
    /// </summary>
    private sealed class Probe
    {
        public const string UserId = "probe@example.com";

        private int _running;
        private int _sent;
        private int _answered;

        public SmoovenEmulator? Emulator { get; set; }

        public int Sent => Volatile.Read(ref _sent);

        public int Answered => Volatile.Read(ref _answered);

        public void Run()
        {
            if (Emulator is null || Interlocked.Exchange(ref _running, 1) == 1)
            {
                return;
            }

            try
            {
                using var client = Emulated.ClientFor(Emulator);
                using var patience = new CancellationTokenSource(Emulated.Patience);
                Interlocked.Increment(ref _sent);
                client.NotifyAsync(Emulated.Reminder(null, userId: UserId), patience.Token).GetAwaiter().GetResult();
                Interlocked.Increment(ref _answered);
            }
            catch (OperationCanceledException)
            {
                // Not answered in time: counted by Sent without Answered.
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }
    }

    /// <summary>
    /// A FakeTimeProvider runs the timers that a read brings due (with AutoAdvanceAmount set) inside
    /// GetUtcNow, on the reading thread. This clock runs a probe from every read instead, so that the
    /// test does not depend on which of the emulator's reads brings a timer due.
    /// </summary>
    private sealed class ProbingClock(Probe probe) : FakeTimeProvider(SignallingTimeProvider.Epoch)
    {
        public bool IsProbing { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            var now = base.GetUtcNow();
            if (IsProbing)
            {
                probe.Run();
            }

            return now;
        }
    }
}
