using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Smooven.Client.Tests.Callbacks;

public class HmacPoolTests
{
    private static readonly byte[][] Keys = ["sk_test_pool_a"u8.ToArray(), "sk_test_pool_b"u8.ToArray()];

    [Fact]
    public void A_set_returned_after_retirement_is_disposed()
    {
        var pool = new HmacPool(Keys);
        var lease = pool.Rent();

        pool.Retire();
        pool.Return(lease);

        Assert.All(lease, hmac => Assert.True(IsDisposed(hmac)));
    }

    [Fact]
    public void A_returned_set_is_reused_until_retirement_then_disposed()
    {
        var pool = new HmacPool(Keys);
        var lease = pool.Rent();
        pool.Return(lease);

        Assert.Same(lease, pool.Rent());
        pool.Return(lease);
        pool.Retire();

        Assert.All(lease, hmac => Assert.True(IsDisposed(hmac)));
    }

    // A key rotation retires the pool while checks still rent and return sets. Every set ever
    // created must end up disposed, whichever side of the retirement its return falls on.
    [Fact]
    public void Every_set_is_disposed_when_returns_race_the_retirement()
    {
        var random = new Random(20261201);
        var budget = Stopwatch.StartNew();
        for (var round = 0; round < 5_000 && budget.Elapsed < TimeSpan.FromSeconds(3); round++)
        {
            var pool = new HmacPool(Keys);
            var rented = new ConcurrentBag<IncrementalHash[]>();
            var retired = false;
            using var start = new Barrier(3);

            // Each worker keeps renting and returning until it has seen the retirement, several
            // sets at a time, so that returns often find the pool full or nearly so.
            void Churn()
            {
                start.SignalAndWait();
                var sawRetirement = false;
                var held = new IncrementalHash[4][];
                while (!sawRetirement)
                {
                    sawRetirement = Volatile.Read(ref retired);
                    for (var i = 0; i < held.Length; i++)
                    {
                        held[i] = pool.Rent();
                        rented.Add(held[i]);
                    }

                    foreach (var lease in held)
                    {
                        pool.Return(lease);
                    }
                }
            }

            var workers = new[] { new Thread(Churn), new Thread(Churn) };
            foreach (var worker in workers)
            {
                worker.Start();
            }

            // The retirement lands at a seeded point among the workers' rents and returns.
            start.SignalAndWait();
            for (var i = random.Next(0, 16); i > 0; i--)
            {
                pool.Return(pool.Rent());
            }

            pool.Retire();
            Volatile.Write(ref retired, true);
            foreach (var worker in workers)
            {
                worker.Join();
            }

            var leaked = rented.Distinct().Count(lease => lease.Any(hmac => !IsDisposed(hmac)));
            Assert.True(leaked == 0, $"Round {round}: {leaked} set(s) were never disposed.");
        }
    }

    private static bool IsDisposed(IncrementalHash hmac)
    {
        try
        {
            hmac.AppendData([0]);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
