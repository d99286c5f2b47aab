using System.Collections.Concurrent;

namespace PortStress.Telemetry;

/// <summary>
/// Interns destinations as small integer ids. Registering happens once per destination (at configuration or
/// first connect); afterwards events carry only the <see cref="DestinationId"/>. Thread-safe.
/// </summary>
public sealed class DestinationRegistry
{
    private readonly ConcurrentDictionary<DestinationKey, DestinationId> _ids = new();
    private readonly Lock _gate = new();
    private DestinationKey[] _keys = new DestinationKey[16];
    private int _count;

    /// <summary>The number of registered destinations.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The id for a destination, registering it on first sight. Ids start at 1.</summary>
    /// <param name="key">The destination.</param>
    public DestinationId GetOrAdd(DestinationKey key)
    {
        if (_ids.TryGetValue(key, out var id))
            return id;
        lock (_gate)
        {
            if (_ids.TryGetValue(key, out id))
                return id;
            if (_count + 1 >= _keys.Length)
                Array.Resize(ref _keys, _keys.Length * 2);
            id = new DestinationId(_count + 1);
            _keys[id.Value] = key;
            Volatile.Write(ref _count, _count + 1);
            _ids[key] = id;
            return id;
        }
    }

    /// <summary>The destination an id stands for.</summary>
    /// <param name="id">An id from <see cref="GetOrAdd"/>.</param>
    /// <param name="key">The destination, when the id is known.</param>
    public bool TryGetKey(DestinationId id, out DestinationKey key)
    {
        var keys = Volatile.Read(ref _keys);
        if (id.Value <= 0 || id.Value > Count || id.Value >= keys.Length)
        {
            key = default;
            return false;
        }
        key = keys[id.Value];
        return true;
    }
}
