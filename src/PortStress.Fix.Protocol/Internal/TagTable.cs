using System.Numerics;

namespace PortStress.Fix.Protocol.Internal;

/// <summary>A small open-addressing map from tag to index; lookups do not allocate.</summary>
internal sealed class TagTable
{
    private readonly int[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    public TagTable(int capacity)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity * 2, 8));
        _keys = new int[size];
        _values = new int[size];
        _mask = size - 1;
    }

    public bool TryAdd(int key, int value)
    {
        for (var i = Hash(key) & _mask; ; i = (i + 1) & _mask)
        {
            if (_keys[i] == key)
            {
                return false;
            }

            if (_keys[i] == 0)
            {
                _keys[i] = key;
                _values[i] = value;
                return true;
            }
        }
    }

    public int Find(int key)
    {
        if (key <= 0)
        {
            return -1;
        }

        for (var i = Hash(key) & _mask; ; i = (i + 1) & _mask)
        {
            var k = _keys[i];
            if (k == key)
            {
                return _values[i];
            }

            if (k == 0)
            {
                return -1;
            }
        }
    }

    private static int Hash(int key) => (int)((uint)key * 0x9E3779B1u >> 7);
}
