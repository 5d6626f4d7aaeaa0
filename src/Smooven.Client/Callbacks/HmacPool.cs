using System.Security.Cryptography;

namespace Smooven.Client;

/// <summary>
/// Reusable HMAC-SHA256 instances, one per key in each lease. Setting up an HMAC costs more
/// than hashing a callback, and an instance is not thread-safe, so each caller rents a whole
/// set and gives it back: allocation-free once warm. One lock guards the idle sets and the
/// retired flag together, so a set given back after <see cref="Retire"/> is always disposed.
/// </summary>
internal sealed class HmacPool
{
    private readonly byte[][] _keys;
    private readonly object _gate = new();
    private readonly Stack<IncrementalHash[]> _idle;
    private readonly int _capacity;
    private bool _retired;

    public HmacPool(byte[][] keys)
    {
        _keys = keys;
        _capacity = Math.Max(4, Environment.ProcessorCount * 2);
        _idle = new Stack<IncrementalHash[]>(_capacity);
    }

    /// <summary>A set of HMACs, one per key in key order, ready for a new message.</summary>
    public IncrementalHash[] Rent()
    {
        lock (_gate)
        {
            if (_idle.TryPop(out var lease))
            {
                return lease;
            }
        }

        return Create();
    }

    /// <summary>Gives back a set whose HMACs were all reset by a finished hash; once the pool is
    /// retired, or when it is full, the set is disposed instead.</summary>
    public void Return(IncrementalHash[] lease)
    {
        lock (_gate)
        {
            if (!_retired && _idle.Count < _capacity)
            {
                _idle.Push(lease);
                return;
            }
        }

        Dispose(lease);
    }

    /// <summary>Frees the idle sets once the keys are replaced; sets still rented are freed on return.</summary>
    public void Retire()
    {
        IncrementalHash[][] idle;
        lock (_gate)
        {
            _retired = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var lease in idle)
        {
            Dispose(lease);
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
