using System.Buffers.Binary;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>
/// One record of the body file: frame length (4) | MsgSeqNum (4) | CRC-32C (4) | frame bytes.
/// The CRC covers the length, the MsgSeqNum and the frame, and starts from a seed derived from the
/// period epoch, so a record left over from an earlier period never validates in a later one.
/// An all-zero region (a hole) is never valid: the frame length must be positive.
/// </summary>
internal static class BodyRecord
{
    public const int HeaderSize = 12;

    /// <summary>The CRC seed of a period.</summary>
    public static uint SeedFor(uint epoch) => Crc32C.Append(0x5053_4658u, epoch);

    /// <summary>Writes the record for <paramref name="frame"/> into <paramref name="destination"/> and returns its size.</summary>
    public static int Write(Span<byte> destination, uint seed, int seqNum, ReadOnlySpan<byte> frame)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, frame.Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], seqNum);
        frame.CopyTo(destination[HeaderSize..]);
        var crc = Crc32C.Append(Crc32C.Append(seed, destination[..8]), frame);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], crc);
        return HeaderSize + frame.Length;
    }

    /// <summary>Reads the length and MsgSeqNum of a record header; false when the length is out of range.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, int maxFrameLength, out int frameLength, out int seqNum)
    {
        frameLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        seqNum = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        return frameLength > 0 && frameLength <= maxFrameLength && seqNum > 0;
    }

    /// <summary>True when a whole record (header + frame) checks out.</summary>
    public static bool IsValid(ReadOnlySpan<byte> record, uint seed)
    {
        var frameLength = BinaryPrimitives.ReadInt32LittleEndian(record);
        if (frameLength <= 0 || record.Length != HeaderSize + frameLength)
        {
            return false;
        }

        var crc = Crc32C.Append(Crc32C.Append(seed, record[..8]), record[HeaderSize..]);
        return crc == BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
    }
}
