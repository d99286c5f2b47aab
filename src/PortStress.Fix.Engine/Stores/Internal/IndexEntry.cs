using System.Buffers.Binary;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>
/// One 16-byte entry of the index file, at <c>FileHeader.Size + (seqNum - 1) * 16</c>: body offset (8) |
/// frame length (4) | CRC-32C (4) over the offset, the length and the MsgSeqNum, from the period seed.
/// The index is derived from the body (it is rebuilt from the body after the last checkpoint on open),
/// so a missing, zeroed or stale entry only ever costs a gap, and every record read through it is
/// validated again against the body.
/// </summary>
internal static class IndexEntry
{
    public const int Size = 16;

    public static long PositionOf(int seqNum) => FileHeader.Size + ((long)(seqNum - 1) * Size);

    public static void Write(Span<byte> destination, uint seed, int seqNum, long offset, int frameLength)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], frameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Checksum(destination[..12], seed, seqNum));
    }

    public static bool TryRead(ReadOnlySpan<byte> source, uint seed, int seqNum, out long offset, out int frameLength)
    {
        offset = BinaryPrimitives.ReadInt64LittleEndian(source);
        frameLength = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        return frameLength > 0
            && offset >= FileHeader.Size
            && BinaryPrimitives.ReadUInt32LittleEndian(source[12..]) == Checksum(source[..12], seed, seqNum);
    }

    private static uint Checksum(ReadOnlySpan<byte> offsetAndLength, uint seed, int seqNum) =>
        Crc32C.Append(Crc32C.Append(seed, offsetAndLength), (uint)seqNum);
}
