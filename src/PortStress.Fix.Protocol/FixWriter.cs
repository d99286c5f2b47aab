using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using PortStress.Fix.Protocol.Internal;

namespace PortStress.Fix.Protocol;

/// <summary>
/// Writes one FIX message at a time: <see cref="Begin(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>,
/// fields in the order they must appear, then <see cref="Complete"/>, which emits
/// <c>8=…␁9=N␁</c>, the body and <c>10=ccc␁</c> into an <see cref="IBufferWriter{T}"/>.
/// Reusable; not thread-safe. No allocation once its scratch buffer has grown to the largest message.
/// </summary>
public sealed class FixWriter
{
    private const int MaxHeaderLength = 32;
    private const int TrailerLength = 7;

    private byte[] _body;
    private int _length;
    private readonly byte[] _beginString = new byte[16];
    private int _beginStringLength;

    /// <summary>Creates a writer.</summary>
    /// <param name="initialCapacity">Initial size of the body scratch buffer in bytes.</param>
    public FixWriter(int initialCapacity = 512) => _body = new byte[Math.Max(initialCapacity, 64)];

    /// <summary>The body written so far (from <c>35=</c>), for inspection.</summary>
    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _length);

    /// <summary>Starts a message: remembers BeginString and writes MsgType (35).</summary>
    /// <param name="beginString">E.g. <c>FIX.4.4</c> or <c>FIXT.1.1</c>.</param>
    /// <param name="msgType">E.g. <c>D</c>.</param>
    public void Begin(ReadOnlySpan<byte> beginString, ReadOnlySpan<byte> msgType)
    {
        if (beginString.IsEmpty || beginString.Length > _beginString.Length)
        {
            ThrowHelper.ThrowArgument(nameof(beginString), "BeginString must be 1 to 16 bytes.");
        }

        beginString.CopyTo(_beginString);
        _beginStringLength = beginString.Length;
        _length = 0;
        Write(Tags.MsgType, msgType);
    }

    /// <summary>Starts a message (string overload).</summary>
    /// <param name="beginString">E.g. <c>FIX.4.4</c>.</param>
    /// <param name="msgType">E.g. <c>D</c>.</param>
    public void Begin(string beginString, string msgType)
    {
        ArgumentNullException.ThrowIfNull(beginString);
        ArgumentNullException.ThrowIfNull(msgType);
        if (beginString.Length is 0 or > 16 || msgType.Length is 0 or > 16)
        {
            ThrowHelper.ThrowArgument(nameof(msgType), "BeginString and MsgType must be 1 to 16 characters.");
        }

        Span<byte> bs = stackalloc byte[beginString.Length];
        Span<byte> mt = stackalloc byte[msgType.Length];
        Latin1Bytes.Encode(beginString, bs);
        Latin1Bytes.Encode(msgType, mt);
        Begin(bs, mt);
    }

    /// <summary>Writes <c>tag=value␁</c>.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">Raw value bytes.</param>
    public void Write(int tag, ReadOnlySpan<byte> value)
    {
        var span = Reserve(value.Length + 12);
        var n = WriteTag(span, tag);
        value.CopyTo(span[n..]);
        n += value.Length;
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a string value (Latin-1; characters above 0xFF become '?').</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Write(int tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = Reserve(value.Length + 12);
        var n = WriteTag(span, tag);
        n += Latin1Bytes.Encode(value, span[n..]);
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes an integer value.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Write(int tag, long value)
    {
        var span = Reserve(34);
        var n = WriteTag(span, tag);
        Utf8Formatter.TryFormat(value, span[n..], out var written);
        n += written;
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a decimal value (Price, Qty, Amt), keeping its scale, never in exponent form.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Write(int tag, decimal value)
    {
        var span = Reserve(48);
        var n = WriteTag(span, tag);
        Utf8Formatter.TryFormat(value, span[n..], out var written); // 'G' for decimal: fixed point, scale kept
        n += written;
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a char value.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">An ASCII character.</param>
    public void Write(int tag, char value)
    {
        var span = Reserve(14);
        var n = WriteTag(span, tag);
        span[n++] = (byte)value;
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a Boolean as <c>Y</c> or <c>N</c>.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The flag.</param>
    public void Write(int tag, bool value) => Write(tag, value ? 'Y' : 'N');

    /// <summary>Writes a UTCTimestamp at the given precision.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="utc">The time (converted to UTC if it is not).</param>
    /// <param name="precision">Fractional digits to write.</param>
    public void WriteTimestamp(int tag, DateTime utc, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        var span = Reserve(40);
        var n = WriteTag(span, tag);
        n += TimestampFormat.Write(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc, precision, span[n..]);
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a UTCDateOnly or LocalMktDate <c>yyyyMMdd</c>.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="date">The date.</param>
    public void WriteDate(int tag, DateOnly date)
    {
        var span = Reserve(24);
        var n = WriteTag(span, tag);
        n += TimestampFormat.WriteDate(date, span[n..]);
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a UTCTimeOnly <c>HH:mm:ss[.fff…]</c>.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="time">The time of day.</param>
    /// <param name="precision">Fractional digits to write.</param>
    public void WriteTime(int tag, TimeOnly time, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        var span = Reserve(32);
        var n = WriteTag(span, tag);
        n += TimestampFormat.WriteTime(time.Ticks, precision, span[n..]);
        span[n++] = Soh.Byte;
        _length += n;
    }

    /// <summary>Writes a length field and its data field (the data may contain SOH).</summary>
    /// <param name="lengthTag">E.g. RawDataLength (95).</param>
    /// <param name="dataTag">E.g. RawData (96).</param>
    /// <param name="data">The bytes.</param>
    public void WriteData(int lengthTag, int dataTag, ReadOnlySpan<byte> data)
    {
        Write(lengthTag, (long)data.Length);
        Write(dataTag, data);
    }

    /// <summary>
    /// Emits the whole frame into <paramref name="output"/>: BeginString, BodyLength, the body and
    /// CheckSum, all computed here.
    /// </summary>
    /// <param name="output">Destination.</param>
    /// <returns>Bytes written.</returns>
    public int Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_beginStringLength == 0)
        {
            ThrowHelper.ThrowInvalidOperation("Begin was not called.");
        }

        var span = output.GetSpan(MaxHeaderLength + _length + TrailerLength);
        var n = CompleteInto(span);
        output.Advance(n);
        return n;
    }

    /// <summary>Emits the whole frame into a span large enough for it.</summary>
    /// <param name="destination">Destination; at least <see cref="Body"/> length + 40 bytes.</param>
    /// <returns>Bytes written.</returns>
    public int CompleteInto(Span<byte> destination)
    {
        var span = destination;
        span[0] = (byte)'8';
        span[1] = Soh.EqualsSign;
        var n = 2;
        _beginString.AsSpan(0, _beginStringLength).CopyTo(span[n..]);
        n += _beginStringLength;
        span[n++] = Soh.Byte;
        span[n++] = (byte)'9';
        span[n++] = Soh.EqualsSign;
        Utf8Formatter.TryFormat(_length, span[n..], out var written);
        n += written;
        span[n++] = Soh.Byte;
        _body.AsSpan(0, _length).CopyTo(span[n..]);
        n += _length;
        var checksum = Checksum.Compute(span[..n]);
        span[n++] = (byte)'1';
        span[n++] = (byte)'0';
        span[n++] = Soh.EqualsSign;
        Checksum.WriteDigits(checksum, span[n..]);
        n += 3;
        span[n++] = Soh.Byte;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size)
    {
        if (_length + size > _body.Length)
        {
            Grow(size);
        }

        return _body.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        var bigger = new byte[Math.Max(_body.Length * 2, _length + size)];
        _body.AsSpan(0, _length).CopyTo(bigger);
        _body = bigger;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteTag(Span<byte> span, int tag)
    {
        int n;
        if ((uint)tag < 10)
        {
            span[0] = (byte)('0' + tag);
            n = 1;
        }
        else if ((uint)tag < 100)
        {
            span[0] = (byte)('0' + (tag / 10));
            span[1] = (byte)('0' + (tag % 10));
            n = 2;
        }
        else
        {
            Utf8Formatter.TryFormat(tag, span, out n);
        }

        span[n] = Soh.EqualsSign;
        return n + 1;
    }
}
