namespace PortStress.Gateway.Routing;

/// <summary>
/// A fixed-size Bloom filter over 64-bit keys that are already well mixed (hashes): it answers "maybe" for every key
/// added and, for a key never added, "no" except with the design false-positive rate while no more than the expected
/// number of keys have been added (past that the rate rises; it never says "no" to a key that was added).
/// The bits are one array allocated in the constructor; bit positions come from the key by double hashing
/// (Kirsch and Mitzenmacher: position i is h1 + i·h2, reduced to the bit count by a multiply-shift).
/// </summary>
/// <remarks>
/// One writer at a time (the caller serialises <see cref="Add"/>); readers may test keys while it writes: each word is
/// written whole, and a reader only relies on bits whose writes it has been ordered after (by a lock or a volatile
/// publication of what they cover).
/// </remarks>
internal sealed class BloomFilter
{
    private readonly ulong[] _words;
    private readonly ulong _bits;
    private readonly int _hashes;
    private long _added;

    /// <summary>Creates a filter sized for <paramref name="expectedKeys"/> keys at <paramref name="falsePositiveRate"/>.</summary>
    /// <param name="expectedKeys">How many keys it is sized for (at least 1).</param>
    /// <param name="falsePositiveRate">The false-positive rate at that count (between 0 and 1, exclusive).</param>
    public BloomFilter(long expectedKeys, double falsePositiveRate = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedKeys, 1);
        if (falsePositiveRate is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "must be between 0 and 1");
        }

        (_bits, _hashes) = Size(expectedKeys, falsePositiveRate);
        _words = new ulong[_bits / 64];
        ExpectedKeys = expectedKeys;
    }

    /// <summary>How many keys the filter was sized for.</summary>
    public long ExpectedKeys { get; }

    /// <summary>Keys added so far (each call to <see cref="Add"/> counts, repeats included).</summary>
    public long Added => Interlocked.Read(ref _added);

    /// <summary>The number of bits.</summary>
    public long BitCount => (long)_bits;

    /// <summary>The number of bits set per key (k).</summary>
    public int HashCount => _hashes;

    /// <summary>The managed memory the filter holds: its bit array.</summary>
    public long ManagedBytes => _words.LongLength * sizeof(ulong);

    /// <summary>
    /// The standard sizing: m = −n·ln p / (ln 2)² bits, rounded up to whole 64-bit words, and k = (m / n)·ln 2 bits
    /// per key, rounded (at least 1). For n = 10,000,000 and p = 1%: about 95.9 million bits (12 MB) and k = 7.
    /// </summary>
    /// <param name="expectedKeys">n.</param>
    /// <param name="falsePositiveRate">p.</param>
    /// <returns>The bit count (a multiple of 64) and k.</returns>
    public static (ulong Bits, int Hashes) Size(long expectedKeys, double falsePositiveRate)
    {
        var bits = Math.Ceiling(-expectedKeys * Math.Log(falsePositiveRate) / (Math.Log(2) * Math.Log(2)));
        var words = (ulong)Math.Ceiling(bits / 64);
        var hashes = (int)Math.Max(1, Math.Round(words * 64.0 / expectedKeys * Math.Log(2)));
        return (Math.Max(1, words) * 64, hashes);
    }

    /// <summary>Sets the key's bits. One writer at a time.</summary>
    /// <param name="key">The key (a well-mixed 64-bit hash).</param>
    public void Add(ulong key)
    {
        var (h1, h2) = Seeds(key);
        for (var i = 0; i < _hashes; i++)
        {
            var bit = Math.BigMul(h1, _bits, out _);
            ref var word = ref _words[(int)(bit >> 6)];
            word |= 1UL << (int)(bit & 63);
            h1 += h2;
        }

        Interlocked.Increment(ref _added);
    }

    /// <summary>False when the key was certainly never added; true when it may have been.</summary>
    /// <param name="key">The key.</param>
    public bool MightContain(ulong key)
    {
        var (h1, h2) = Seeds(key);
        for (var i = 0; i < _hashes; i++)
        {
            var bit = Math.BigMul(h1, _bits, out _);
            if ((Volatile.Read(ref _words[(int)(bit >> 6)]) & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }

            h1 += h2;
        }

        return true;
    }

    // h1 is the key; h2 a second, independent-looking mix of it (odd, so the steps never repeat early).
    private static (ulong H1, ulong H2) Seeds(ulong key)
    {
        var h2 = (key ^ (key >> 33)) * 0xFF51AFD7ED558CCDUL;
        h2 = (h2 ^ (h2 >> 33)) * 0xC4CEB9FE1A85EC53UL;
        return (key, (h2 ^ (h2 >> 33)) | 1);
    }
}
