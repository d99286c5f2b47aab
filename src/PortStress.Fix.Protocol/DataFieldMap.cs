using System.Collections.Frozen;

namespace PortStress.Fix.Protocol;

/// <summary>
/// Pairs of Length and data fields (RawDataLength 95 / RawData 96 and the like): a data field's
/// value is exactly as many bytes as its length field says and may contain SOH.
/// </summary>
public sealed class DataFieldMap
{
    private const int DenseLimit = 2048;

    private readonly int[] _dense = new int[DenseLimit];
    private readonly FrozenDictionary<int, int> _sparse;

    /// <summary>Creates a map from (length tag, data tag) pairs.</summary>
    /// <param name="pairs">Each length field with the data field it announces.</param>
    public DataFieldMap(IEnumerable<(int LengthTag, int DataTag)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var sparse = new Dictionary<int, int>();
        foreach (var (lengthTag, dataTag) in pairs)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lengthTag);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dataTag);
            if (lengthTag < DenseLimit)
            {
                _dense[lengthTag] = dataTag;
            }
            else
            {
                sparse[lengthTag] = dataTag;
            }

            Pairs.Add((lengthTag, dataTag));
        }

        _sparse = sparse.ToFrozenDictionary();
    }

    /// <summary>The data fields of the FIX 4.2–5.0SP2 standard.</summary>
    public static DataFieldMap Standard { get; } = new(
    [
        (90, 91), (93, 89), (95, 96), (212, 213), (348, 349), (350, 351), (352, 353), (354, 355),
        (356, 357), (358, 359), (360, 361), (362, 363), (364, 365), (445, 446), (618, 619), (621, 622),
        (1184, 1185), (1277, 1278), (1280, 1281), (1282, 1283), (1359, 1360), (1397, 1398), (1401, 1402),
        (1403, 1404), (1468, 1469), (1618, 1619), (1620, 1621),
    ]);

    /// <summary>The pairs this map holds.</summary>
    public List<(int LengthTag, int DataTag)> Pairs { get; } = [];

    /// <summary>The data tag that <paramref name="lengthTag"/> announces, or 0.</summary>
    /// <param name="lengthTag">A tag just read.</param>
    public int DataTagFor(int lengthTag) =>
        (uint)lengthTag < DenseLimit ? _dense[lengthTag] : _sparse.GetValueOrDefault(lengthTag);
}
