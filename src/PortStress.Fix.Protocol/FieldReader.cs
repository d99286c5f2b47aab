using System.Runtime.CompilerServices;

namespace PortStress.Fix.Protocol;

/// <summary>Why <see cref="FieldReader.MoveNext"/> stopped before the end of the frame.</summary>
public enum FieldReadError
{
    /// <summary>No error: the reader reached the end.</summary>
    None,

    /// <summary>A tag is empty or not a number.</summary>
    MalformedTag,

    /// <summary>A field has no '=' before the end.</summary>
    MissingEquals,

    /// <summary>A field has no SOH before the end.</summary>
    MissingDelimiter,

    /// <summary>A data field is shorter than its length field says, or is not followed by SOH.</summary>
    DataLengthMismatch,
}

/// <summary>
/// Walks the <c>(tag, value)</c> pairs of one frame without allocating. Data fields whose length
/// field precedes them are read by length, so their values may contain SOH.
/// </summary>
public ref struct FieldReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly DataFieldMap _dataFields;
    private int _position;
    private int _pendingDataTag;
    private int _pendingDataLength;

    /// <summary>Creates a reader over one frame (or any run of whole fields).</summary>
    /// <param name="frame">The bytes, starting at a tag.</param>
    /// <param name="dataFields">Length/data field pairs; <see cref="DataFieldMap.Standard"/> if null.</param>
    public FieldReader(ReadOnlySpan<byte> frame, DataFieldMap? dataFields = null)
    {
        _data = frame;
        _dataFields = dataFields ?? DataFieldMap.Standard;
    }

    /// <summary>The current tag (may be zero or negative if the input says so).</summary>
    public int Tag { get; private set; }

    /// <summary>The current value.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Offset of the current field's tag within the frame.</summary>
    public int FieldOffset { get; private set; }

    /// <summary>Offset just past the current field's SOH.</summary>
    public readonly int Position => _position;

    /// <summary>Why the last <see cref="MoveNext"/> returned false before the end.</summary>
    public FieldReadError Error { get; private set; }

    /// <summary>True when every byte has been read.</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Advances to the next field.</summary>
    /// <returns>False at the end or on malformed input (see <see cref="Error"/>).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        var rest = _data[_position..];
        var i = 0;
        var tag = 0;

        // Fast path: positive tags of up to 9 digits.
        for (; i < rest.Length; i++)
        {
            var d = (uint)(rest[i] - '0');
            if (d > 9)
            {
                break;
            }

            tag = (tag * 10) + (int)d;
            if (i == 9)
            {
                return Fail(FieldReadError.MalformedTag);
            }
        }

        if (i == 0 || i == rest.Length || rest[i] != Soh.EqualsSign)
        {
            return MoveNextSlow(rest, i);
        }

        return ReadValue(rest, tag, i + 1);
    }

    private bool MoveNextSlow(ReadOnlySpan<byte> rest, int stoppedAt)
    {
        if (stoppedAt == rest.Length)
        {
            return Fail(FieldReadError.MissingEquals);
        }

        // A negative tag ("-1=x") is well formed enough to report as an invalid tag number.
        if (stoppedAt == 0 && rest[0] == (byte)'-')
        {
            var eq = rest.IndexOf(Soh.EqualsSign);
            if (eq > 1 && eq <= 10 && FixValue.TryParseInt32(rest[..eq], out var negative))
            {
                return ReadValue(rest, negative, eq + 1);
            }
        }

        return Fail(rest.IndexOf(Soh.EqualsSign) < 0 ? FieldReadError.MissingEquals : FieldReadError.MalformedTag);
    }

    private bool ReadValue(ReadOnlySpan<byte> rest, int tag, int valueStart)
    {
        int valueLength;
        if (_pendingDataTag != 0 && tag == _pendingDataTag)
        {
            valueLength = _pendingDataLength;
            if (valueStart + valueLength >= rest.Length || rest[valueStart + valueLength] != Soh.Byte)
            {
                return Fail(FieldReadError.DataLengthMismatch);
            }
        }
        else
        {
            valueLength = rest[valueStart..].IndexOf(Soh.Byte);
            if (valueLength < 0)
            {
                return Fail(FieldReadError.MissingDelimiter);
            }
        }

        _pendingDataTag = 0;
        Tag = tag;
        Value = rest.Slice(valueStart, valueLength);
        FieldOffset = _position;
        _position += valueStart + valueLength + 1;

        var dataTag = tag > 0 ? _dataFields.DataTagFor(tag) : 0;
        if (dataTag != 0 && FixValue.TryParseInt32(Value, out var length) && length >= 0)
        {
            _pendingDataTag = dataTag;
            _pendingDataLength = length;
        }

        return true;
    }

    private bool Fail(FieldReadError error)
    {
        Error = error;
        FieldOffset = _position;
        _position = _data.Length;
        return false;
    }

    /// <summary>The current value as a FIX int.</summary>
    public readonly bool TryGetInt32(out int value) => FixValue.TryParseInt32(Value, out value);

    /// <summary>The current value as a 64-bit FIX int.</summary>
    public readonly bool TryGetInt64(out long value) => FixValue.TryParseInt64(Value, out value);

    /// <summary>The current value as a decimal (Price, Qty, Amt, float).</summary>
    public readonly bool TryGetDecimal(out decimal value) => FixValue.TryParseDecimal(Value, out value);

    /// <summary>The current value as a FIX char.</summary>
    public readonly bool TryGetChar(out char value) => FixValue.TryParseChar(Value, out value);

    /// <summary>The current value as a FIX Boolean.</summary>
    public readonly bool TryGetBoolean(out bool value) => FixValue.TryParseBoolean(Value, out value);

    /// <summary>The current value as a UTCTimestamp.</summary>
    public readonly bool TryGetUtcTimestamp(out DateTime value) => FixValue.TryParseUtcTimestamp(Value, out value, out _);

    /// <summary>The current value as a string (allocates; for logs and application code off the hot path).</summary>
    public readonly string GetString() => System.Text.Encoding.Latin1.GetString(Value);
}
