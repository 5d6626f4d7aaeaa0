using System.Text;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AspNetCore.Webhook;

namespace Smooven.Client.AspNetCore.Tests;

public class RecentDeliveriesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan JustPastWindow = Window + TimeSpan.FromTicks(1);
    private static readonly BodyHash A = BodyHash.Of(Encoding.UTF8.GetBytes("a"));
    private static readonly BodyHash B = BodyHash.Of(Encoding.UTF8.GetBytes("b"));
    private static readonly BodyHash C = BodyHash.Of(Encoding.UTF8.GetBytes("c"));

    [Fact]
    public void A_delivery_being_handled_makes_an_identical_one_wait_for_its_outcome()
    {
        var recent = new RecentDeliveries(new FakeTimeProvider());

        var owner = recent.TryClaim(A, Window, 10);
        var waiter = recent.TryClaim(A, Window, 10);
        var other = recent.TryClaim(B, Window, 10);

        Assert.True(owner.IsOwner);
        Assert.False(waiter.IsOwner);
        Assert.False(waiter.IsDuplicate);
        Assert.False(waiter.InProgress!.IsCompleted);
        Assert.True(other.IsOwner);

        recent.Complete(A, owner, handled: true, Window, 10);

        Assert.True(waiter.InProgress.IsCompleted);
        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);
    }

    [Fact]
    public void A_delivery_whose_handling_failed_is_forgotten_so_its_retry_is_handled()
    {
        var recent = new RecentDeliveries(new FakeTimeProvider());
        var owner = recent.TryClaim(A, Window, 10);
        var waiter = recent.TryClaim(A, Window, 10);

        recent.Complete(A, owner, handled: false, Window, 10);

        Assert.True(waiter.InProgress!.IsCompleted);
        Assert.True(recent.TryClaim(A, Window, 10).IsOwner);
        Assert.Equal(0, recent.RememberedCount);
    }

    [Fact]
    public void A_zero_window_remembers_nothing()
    {
        var recent = new RecentDeliveries(new FakeTimeProvider());
        var owner = recent.TryClaim(A, TimeSpan.Zero, 10);

        recent.Complete(A, owner, handled: true, TimeSpan.Zero, 10);

        Assert.True(recent.TryClaim(A, TimeSpan.Zero, 10).IsOwner);
    }

    [Fact]
    public void Memory_stays_within_the_count_and_the_window()
    {
        var clock = new FakeTimeProvider();
        var recent = new RecentDeliveries(clock);
        for (var i = 0; i < 1_000; i++)
        {
            var hash = BodyHash.Of(BitConverter.GetBytes(i));
            recent.Complete(hash, recent.TryClaim(hash, Window, 100), handled: true, Window, 100);
        }

        Assert.Equal(100, recent.RememberedCount);
        Assert.True(recent.TryClaim(BodyHash.Of(BitConverter.GetBytes(999)), Window, 100).IsDuplicate);
        Assert.True(recent.TryClaim(BodyHash.Of(BitConverter.GetBytes(899)), Window, 100).IsOwner);

        clock.Advance(JustPastWindow);
        recent.TryClaim(B, Window, 100);

        Assert.Equal(0, recent.RememberedCount);
    }

    [Fact]
    public void Every_identical_delivery_waiting_sees_the_one_outcome()
    {
        var recent = new RecentDeliveries(new FakeTimeProvider());
        var owner = recent.TryClaim(A, Window, 10);
        var first = recent.TryClaim(A, Window, 10);
        var second = recent.TryClaim(A, Window, 10);

        Assert.Same(first.InProgress, second.InProgress);
        Assert.Throws<InvalidOperationException>(() => recent.Complete(A, first, handled: true, Window, 10));

        recent.Complete(A, owner, handled: true, Window, 10);

        Assert.True(second.InProgress!.IsCompleted);
        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);
    }

    [Fact]
    public void A_delivery_handled_again_after_it_was_forgotten_is_remembered_for_a_full_window_again()
    {
        var clock = new FakeTimeProvider();
        var recent = new RecentDeliveries(clock);
        recent.Complete(A, recent.TryClaim(A, Window, 10), handled: true, Window, 10);
        clock.Advance(JustPastWindow);

        var again = recent.TryClaim(A, Window, 10);
        Assert.True(again.IsOwner);
        recent.Complete(A, again, handled: true, Window, 10);
        clock.Advance(Window - TimeSpan.FromSeconds(1));

        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);
        Assert.Equal(1, recent.RememberedCount);
    }

    [Fact]
    public void A_delivery_is_remembered_through_the_last_instant_of_its_window()
    {
        // The verifier accepts a signature exactly as old as the tolerance, so with a window equal to
        // the tolerance a replay at that instant must still be a duplicate.
        var clock = new FakeTimeProvider();
        var recent = new RecentDeliveries(clock);
        recent.Complete(A, recent.TryClaim(A, Window, 10), handled: true, Window, 10);
        clock.Advance(Window);

        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);
    }

    [Fact]
    public void A_duplicate_restarts_the_window_of_its_delivery()
    {
        var clock = new FakeTimeProvider();
        var recent = new RecentDeliveries(clock);
        recent.Complete(A, recent.TryClaim(A, Window, 10), handled: true, Window, 10);
        clock.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);

        // Almost two windows since it was handled, but less than one since it was last seen.
        clock.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);
        Assert.Equal(1, recent.RememberedCount);

        clock.Advance(JustPastWindow);
        Assert.True(recent.TryClaim(A, Window, 10).IsOwner);
    }

    [Fact]
    public void Beyond_the_count_the_least_recently_seen_delivery_is_forgotten_first()
    {
        var clock = new FakeTimeProvider();
        var recent = new RecentDeliveries(clock);
        recent.Complete(A, recent.TryClaim(A, Window, 2), handled: true, Window, 2);
        clock.Advance(TimeSpan.FromSeconds(1));
        recent.Complete(B, recent.TryClaim(B, Window, 2), handled: true, Window, 2);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(recent.TryClaim(A, Window, 2).IsDuplicate); // A is now more recent than B
        clock.Advance(TimeSpan.FromSeconds(1));

        recent.Complete(C, recent.TryClaim(C, Window, 2), handled: true, Window, 2);

        Assert.Equal(2, recent.RememberedCount);
        Assert.True(recent.TryClaim(A, Window, 2).IsDuplicate);
        Assert.True(recent.TryClaim(B, Window, 2).IsOwner);
    }

    [Fact]
    public void One_delivery_replayed_over_and_over_neither_pushes_the_others_out_nor_grows_the_memory()
    {
        var clock = new FakeTimeProvider();
        var recent = new RecentDeliveries(clock);
        recent.Complete(B, recent.TryClaim(B, Window, 2), handled: true, Window, 2);
        recent.Complete(A, recent.TryClaim(A, Window, 2), handled: true, Window, 2);

        for (var i = 0; i < 1_000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(recent.TryClaim(A, Window, 2).IsDuplicate);
        }

        Assert.Equal(2, recent.RememberedCount);
        Assert.InRange(recent.PlaceCount, 2, 4);
        Assert.True(recent.TryClaim(B, Window, 2).IsDuplicate);
    }

    [Fact]
    public async Task An_apps_own_clock_is_read_outside_the_lock_so_it_may_wait_for_another_claim()
    {
        // An app's TimeProvider is the app's code: one that waits on other work (here, a claim on
        // another thread) deadlocked every delivery when it was read under the lock.
        var clock = new ClockThatWaitsForAnotherClaim();
        var recent = new RecentDeliveries(clock);
        clock.OtherClaim = () => recent.TryClaim(B, Window, 10);

        var claimed = Task.Run(() => recent.TryClaim(A, Window, 10));

        Assert.True((await claimed.WaitAsync(TimeSpan.FromSeconds(10))).IsOwner);
        Assert.True(clock.OtherClaimFinished);
    }

    [Fact]
    public async Task An_apps_own_clock_is_read_outside_the_lock_when_a_claim_completes()
    {
        var clock = new ClockThatWaitsForAnotherClaim();
        var recent = new RecentDeliveries(clock);
        var claim = recent.TryClaim(A, Window, 10);
        clock.OtherClaim = () => recent.TryClaim(B, Window, 10);

        await Task.Run(() => recent.Complete(A, claim, handled: true, Window, 10)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.OtherClaimFinished);
        Assert.True(recent.TryClaim(A, Window, 10).IsDuplicate);
    }

    // Runs the other claim, on another thread, from the first read after it is set, and waits for it.
    private sealed class ClockThatWaitsForAnotherClaim : FakeTimeProvider
    {
        private Func<RecentDeliveries.Claim>? _otherClaim;

        public Func<RecentDeliveries.Claim>? OtherClaim
        {
            get => _otherClaim;
            set => _otherClaim = value;
        }

        public bool OtherClaimFinished { get; private set; }

        public override long GetTimestamp()
        {
            if (Interlocked.Exchange(ref _otherClaim, null) is { } other)
            {
                OtherClaimFinished = Task.Run(other).Wait(TimeSpan.FromSeconds(5));
            }

            return base.GetTimestamp();
        }
    }
}
