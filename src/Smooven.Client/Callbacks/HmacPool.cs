using System.Security.Cryptography;

namespace Smooven.Client;

/// <summary>
/// Reusable HMAC-SHA256 instances, one per key in each lease. Setting up an HMAC costs more
/// than hashing a callback, and an instance is not thread-safe, so each caller rents a whole
/// set and gives it back: lock-free, and allocation-free once warm.
/// </summary>
internal sealed class HmacPool
{
    private readonly byte[][] _keys;
    private readonly IncrementalHash[]?[] _idle;
    private volatile bool _retired;

    public HmacPool(byte[][] keys)
    {
        _keys = keys;
        _idle = new IncrementalHash[]?[Math.Max(4, Environment.ProcessorCount * 2)];
    }

    /// <summary>A set of HMACs, one per key in key order, ready for a new message.</summary>
    public IncrementalHash[] Rent()
    {
        var start = StartSlot();
        for (var i = 0; i < _idle.Length; i++)
        {
            ref var slot = ref _idle[(start + i) % _idle.Length];
            if (Volatile.Read(ref slot) is not null && Interlocked.Exchange(ref slot, null) is { } lease)
            {
                return lease;
            }
        }

        return Create();
    }

    /// <summary>Gives back a set whose HMACs were all reset by a finished hash.</summary>
    public void Return(IncrementalHash[] lease)
    {
        if (!_retired)
        {
            var start = StartSlot();
            for (var i = 0; i < _idle.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _idle[(start + i) % _idle.Length], lease, null) is null)
                {
                    return;
                }
            }
        }

        Dispose(lease);
    }

    /// <summary>Frees the idle sets once the keys are replaced; sets still rented are freed on return.</summary>
    public void Retire()
    {
        _retired = true;
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.Exchange(ref _idle[i], null) is { } lease)
            {
                Dispose(lease);
            }
        }
    }

    /// <summary>Frees a set that may hold a half-hashed message.</summary>
    public static void Dispose(IncrementalHash[] lease)
    {
        foreach (var hmac in lease)
        {
            hmac.Dispose();
        }
    }

    // Spreading threads over the slots keeps them off each other's cache lines.
    private int StartSlot() => Environment.CurrentManagedThreadId % _idle.Length;

    private IncrementalHash[] Create()
    {
        var lease = new IncrementalHash[_keys.Length];
        for (var i = 0; i < lease.Length; i++)
        {
            lease[i] = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _keys[i]);
        }

        return lease;
    }
}
