using System.Buffers;
using System.Runtime.CompilerServices;

namespace PortStress.Fix.Protocol;

/// <summary>
/// Finds one complete FIX frame (<c>8=…␁9=N␁…10=ccc␁</c>) at the start of its input and checks
/// its BodyLength and CheckSum. It never allocates for the frame: a BodyLength over the cap is
/// rejected as soon as its digits are read.
/// </summary>
/// <remarks>
/// After an invalid frame the caller discards <see cref="ScanResult.Consumed"/> bytes and scans
/// again; the scanner resynchronises on the next <c>8=FIX</c>. When the bytes at the declared end
/// of the body are not a CheckSum field, the frame is taken to end at the next <c>␁10=…␁</c> at or
/// after that point (what QuickFIX does), so a frame whose BodyLength is too large swallows what
/// it claims and the session recovers the gap with a ResendRequest.
/// </remarks>
public sealed class FrameScanner
{
    private const int MaxBodyLengthDigits = 10;
    private const int HeaderProbeLength = 64;

    private readonly int _maxBodyLength;
    private readonly int _maxBeginStringLength;

    /// <summary>Creates a scanner with the given caps (default <see cref="CodecLimits.Default"/>).</summary>
    /// <param name="limits">Caps on BodyLength and BeginString length.</param>
    public FrameScanner(CodecLimits? limits = null)
    {
        var l = (limits ?? CodecLimits.Default).Validate();
        _maxBodyLength = l.MaxBodyLength;
        _maxBeginStringLength = l.MaxBeginStringLength;
    }

    private static ReadOnlySpan<byte> Anchor => "8=FIX"u8;

    private static ReadOnlySpan<byte> TrailerAnchor => "\u000110="u8;

    /// <summary>Scans a contiguous buffer (the fast path).</summary>
    /// <param name="input">Bytes received so far, starting where the previous frame ended.</param>
    public ScanResult Scan(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return input.Length == 1 && input[0] != (byte)'8' ? Garbage(input) : ScanResult.NeedMore();
        }

        if (input[0] != (byte)'8' || input[1] != Soh.EqualsSign)
        {
            return Garbage(input);
        }

        var header = ParseHeader(input, out var bodyStart, out var bodyLength);
        return header.Status == ScanStatus.Done ? ScanBody(input, bodyStart, bodyLength) : header;
    }

    /// <summary>
    /// Scans a possibly segmented buffer. A frame inside the first segment takes the fast path;
    /// one that straddles segments is checked once all of it has arrived.
    /// </summary>
    /// <param name="input">Bytes received so far, starting where the previous frame ended.</param>
    public ScanResult Scan(in ReadOnlySequence<byte> input)
    {
        if (input.IsSingleSegment)
        {
            return Scan(input.FirstSpan);
        }

        var fast = Scan(input.FirstSpan);
        if (fast.Status != ScanStatus.NeedMoreData)
        {
            return fast;
        }

        return ScanSegmented(input);
    }

    private ScanResult ScanSegmented(in ReadOnlySequence<byte> input)
    {
        var total = input.Length;
        Span<byte> probe = stackalloc byte[HeaderProbeLength];
        probe = probe[..(int)Math.Min(total, HeaderProbeLength)];
        input.Slice(0, probe.Length).CopyTo(probe);
        if (probe.Length >= 2 && probe[0] == (byte)'8' && probe[1] == Soh.EqualsSign)
        {
            // While the header is complete but the body is not, wait without copying anything.
            var header = ParseHeader(probe, out var bodyStart, out var bodyLength);
            if (header.Status == ScanStatus.Done && total < (long)bodyStart + bodyLength)
            {
                return ScanResult.NeedMore(bodyLength);
            }

            if (header.Status == ScanStatus.NeedMoreData && total <= HeaderProbeLength)
            {
                return header;
            }
        }

        // Linearize what can belong to one frame and scan it contiguously.
        var bound = (int)Math.Min(total, HeaderProbeLength + (2L * _maxBodyLength) + 32);
        var rented = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            input.Slice(0, bound).CopyTo(rented);
            return Scan(rented.AsSpan(0, bound));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private ScanResult ParseHeader(ReadOnlySpan<byte> input, out int bodyStart, out int bodyLength)
    {
        bodyStart = 0;
        bodyLength = -1;

        // BeginString (8): a short value ending in SOH.
        var window = Math.Min(input.Length, 2 + _maxBeginStringLength + 1);
        var soh = input[2..window].IndexOf(Soh.Byte);
        if (soh < 0)
        {
            return window == input.Length && input.Length < 2 + _maxBeginStringLength + 1
                ? ScanResult.NeedMore()
                : Resync(input, FrameRejectReason.BeginStringInvalid, 2);
        }

        if (soh == 0)
        {
            return Resync(input, FrameRejectReason.BeginStringInvalid, 2);
        }

        var pos = 2 + soh + 1;

        // BodyLength (9): digits, capped by value before anything waits on it.
        if (input.Length < pos + 2)
        {
            return input.Length == pos + 1 && input[pos] != (byte)'9'
                ? Resync(input, FrameRejectReason.BodyLengthMissing, pos)
                : ScanResult.NeedMore();
        }

        if (input[pos] != (byte)'9' || input[pos + 1] != Soh.EqualsSign)
        {
            return Resync(input, FrameRejectReason.BodyLengthMissing, pos);
        }

        pos += 2;
        var start = pos;
        var length = 0L;
        while (true)
        {
            if (pos >= input.Length)
            {
                return ScanResult.NeedMore();
            }

            var b = input[pos];
            if (b == Soh.Byte)
            {
                break;
            }

            if ((uint)(b - '0') > 9 || pos - start >= MaxBodyLengthDigits)
            {
                return Resync(input, FrameRejectReason.BodyLengthInvalid, pos);
            }

            length = (length * 10) + (b - '0');
            if (length > _maxBodyLength)
            {
                return Resync(input, FrameRejectReason.BodyLengthTooLarge, start, (int)Math.Min(length, int.MaxValue));
            }

            pos++;
        }

        if (pos == start)
        {
            return Resync(input, FrameRejectReason.BodyLengthInvalid, pos);
        }

        bodyStart = pos + 1;
        bodyLength = (int)length;
        return ScanResult.Frame(0, bodyLength);
    }

    private ScanResult ScanBody(ReadOnlySpan<byte> input, int bodyStart, int bodyLength)
    {
        var trailerStart = bodyStart + bodyLength;
        if (input.Length < trailerStart)
        {
            return ScanResult.NeedMore(bodyLength);
        }

        // The fast case: "10=ddd<SOH>" exactly where BodyLength says, after the body's last SOH.
        if (bodyLength > 0 && input[trailerStart - 1] == Soh.Byte)
        {
            var rest = input[trailerStart..];
            var prefix = Math.Min(rest.Length, 3);
            if (rest[..prefix].SequenceEqual("10="u8[..prefix]))
            {
                if (rest.Length < 4)
                {
                    return ScanResult.NeedMore(bodyLength);
                }

                return CheckTrailer(input, bodyStart, bodyLength, trailerStart);
            }
        }

        return SearchTrailer(input, bodyLength, trailerStart);
    }

    private static ScanResult CheckTrailer(ReadOnlySpan<byte> input, int bodyStart, int bodyLength, int trailerStart)
    {
        var p = trailerStart + 3;
        var value = 0;
        var digits = 0;
        while (true)
        {
            if (p >= input.Length)
            {
                return ScanResult.NeedMore(bodyLength);
            }

            var b = input[p];
            if (b == Soh.Byte)
            {
                break;
            }

            if ((uint)(b - '0') > 9 || digits == 3)
            {
                var end = input[p..].IndexOf(Soh.Byte);
                return ScanResult.Reject(FrameRejectReason.ChecksumInvalid, end < 0 ? p : p + end + 1, trailerStart, bodyLength);
            }

            value = (value * 10) + (b - '0');
            digits++;
            p++;
        }

        var frameLength = p + 1;
        if (digits != 3)
        {
            return ScanResult.Reject(FrameRejectReason.ChecksumInvalid, frameLength, trailerStart, bodyLength);
        }

        if (Checksum.Compute(input[..trailerStart]) != value)
        {
            return ScanResult.Reject(FrameRejectReason.ChecksumMismatch, frameLength, trailerStart, bodyLength);
        }

        if (!StartsWithMsgType(input[bodyStart..trailerStart]))
        {
            return ScanResult.Reject(FrameRejectReason.MsgTypeNotThird, frameLength, bodyStart, bodyLength);
        }

        return ScanResult.Frame(frameLength, bodyLength);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ScanResult SearchTrailer(ReadOnlySpan<byte> input, int bodyLength, int trailerStart)
    {
        var from = Math.Max(trailerStart - 1, 0);
        var found = input[from..].IndexOf(TrailerAnchor);
        if (found >= 0)
        {
            var valueStart = from + found + TrailerAnchor.Length;
            var end = input[valueStart..].IndexOf(Soh.Byte);
            if (end >= 0)
            {
                return ScanResult.Reject(FrameRejectReason.BodyLengthMismatch, valueStart + end + 1, trailerStart, bodyLength);
            }
        }

        if (input.Length - trailerStart < _maxBodyLength)
        {
            return ScanResult.NeedMore(bodyLength);
        }

        return Resync(input, FrameRejectReason.BodyLengthMismatch, trailerStart, bodyLength);
    }

    private static bool StartsWithMsgType(ReadOnlySpan<byte> body) =>
        body.Length > 4 && body[0] == (byte)'3' && body[1] == (byte)'5' && body[2] == Soh.EqualsSign && body[3] != Soh.Byte;

    /// <summary>Discards up to the next anchor after the start of a rejected frame.</summary>
    private static ScanResult Resync(ReadOnlySpan<byte> input, FrameRejectReason reason, int offset, int bodyLength = -1)
    {
        var next = input[1..].IndexOf(Anchor);
        var consumed = next >= 0 ? next + 1 : input.Length - PartialAnchorSuffix(input[1..]);
        return ScanResult.Reject(reason, Math.Max(consumed, 1), offset, bodyLength);
    }

    private static ScanResult Garbage(ReadOnlySpan<byte> input)
    {
        var next = input.IndexOf(Anchor);
        var consumed = next >= 0 ? next : input.Length - PartialAnchorSuffix(input);
        return consumed == 0 ? ScanResult.NeedMore() : ScanResult.Reject(FrameRejectReason.GarbageBeforeFrame, consumed, 0);
    }

    /// <summary>Length of the longest suffix of <paramref name="input"/> that could begin an anchor.</summary>
    private static int PartialAnchorSuffix(ReadOnlySpan<byte> input)
    {
        for (var n = Math.Min(Anchor.Length - 1, input.Length); n > 0; n--)
        {
            if (input[^n..].SequenceEqual(Anchor[..n]))
            {
                return n;
            }
        }

        return 0;
    }
}
