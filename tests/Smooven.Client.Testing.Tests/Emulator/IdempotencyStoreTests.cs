using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Testing.Notify;

namespace Smooven.Client.Testing.Tests.Emulator;

public class IdempotencyStoreTests
{
    [Fact]
    public void A_key_past_its_24_hour_window_is_forgotten_when_a_new_key_is_stored()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(maxKeys: 100);
        store.Store("old", Answer("ntf_old", clock));
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        store.Store("recent", Answer("ntf_recent", clock));

        Assert.Equal("ntf_old", store.Find("old", clock.GetUtcNow())?.NotificationId);
        clock.Advance(TimeSpan.FromSeconds(1));
        store.Store("new", Answer("ntf_new", clock));

        Assert.Null(store.Find("old", clock.GetUtcNow()));
        Assert.Equal(2, store.Count);
        Assert.Equal("ntf_recent", store.Find("recent", clock.GetUtcNow())?.NotificationId);
        Assert.Equal("ntf_new", store.Find("new", clock.GetUtcNow())?.NotificationId);
    }

    [Fact]
    public void Beyond_the_cap_the_oldest_key_is_forgotten_first()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(maxKeys: 2);

        store.Store("first", Answer("ntf_1", clock));
        store.Store("second", Answer("ntf_2", clock));
        store.Store("third", Answer("ntf_3", clock));

        Assert.Equal(2, store.Count);
        Assert.Null(store.Find("first", clock.GetUtcNow()));
        Assert.Equal("ntf_2", store.Find("second", clock.GetUtcNow())?.NotificationId);
        Assert.Equal("ntf_3", store.Find("third", clock.GetUtcNow())?.NotificationId);
    }

    [Fact]
    public void A_key_stored_again_after_its_window_keeps_its_new_answer()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(maxKeys: 2);
        store.Store("retried", Answer("ntf_before", clock));
        clock.Advance(TimeSpan.FromHours(25));

        Assert.Null(store.Find("retried", clock.GetUtcNow()));
        store.Store("retried", Answer("ntf_after", clock));
        store.Store("other", Answer("ntf_other", clock));

        Assert.Equal("ntf_after", store.Find("retried", clock.GetUtcNow())?.NotificationId);
        Assert.Equal(2, store.Count);
    }

    private static StoredAnswer Answer(string notificationId, TimeProvider clock) => new(notificationId, [], clock.GetUtcNow(), StoredAnswer.HashOf([]));
}
