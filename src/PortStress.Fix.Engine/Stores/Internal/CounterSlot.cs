using System.Buffers.Binary;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>
/// The state kept in the counter file. The file has two 64-byte slots, at offsets 0 and
/// <see cref="SlotStride"/>; each write goes to slot <c>Generation % 2</c>, so a torn write damages
/// only the slot being written and the other one still holds the previous valid state. On open the
/// valid slot with the higher generation wins.
/// </summary>
/// <param name="Generation">Counts writes; picks the newer slot.</param>
/// <param name="Epoch">The session period (bumped by each reset).</param>
/// <param name="NextSender">NextSenderSeqNum as last set.</param>
/// <param name="NextTarget">NextTargetSeqNum as last set.</param>
/// <param name="HighWater">The highest MsgSeqNum saved in this period before the write.</param>
/// <param name="CreationTicks">The period's creation time, UTC ticks.</param>
/// <param name="Checkpoint">Body offset up to which the index file is complete (written and, under fsync policies, durable).</param>
internal readonly record struct CounterSlot(
    ulong Generation, uint Epoch, int NextSender, int NextTarget, int HighWater, long CreationTicks, long Checkpoint)
{
    public const int Size = 64;
    public const int SlotStride = 512;
    public const int FileSize = SlotStride + Size;
    private const uint Magic = 0x51535350; // "PSSQ"
    private const int CrcOffset = 48;

    public static long PositionOf(ulong generation) => (long)(generation % 2) * SlotStride;

    public void Write(Span<byte> destination)
    {
        destination = destination[..Size];
        destination.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Generation);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Epoch);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], NextSender);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], NextTarget);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], HighWater);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], CreationTicks);
        BinaryPrimitives.WriteInt64LittleEndian(destination[40..], Checkpoint);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CrcOffset..], Crc32C.Append(0, destination[..CrcOffset]));
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out CounterSlot slot)
    {
        slot = default;
        if (source.Length < Size
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Append(0, source[..CrcOffset]))
        {
            return false;
        }

        slot = new CounterSlot(
            BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[40..]));
        return slot.NextSender > 0 && slot.NextTarget > 0 && slot.HighWater >= 0 && slot.Checkpoint >= 0
            && slot.CreationTicks >= DateTime.MinValue.Ticks && slot.CreationTicks <= DateTime.MaxValue.Ticks;
    }

    /// <summary>The newer valid slot of a counter file's contents, or false when neither is valid.</summary>
    public static bool TryReadNewest(ReadOnlySpan<byte> file, out CounterSlot newest)
    {
        var first = TryRead(file, out var a);
        var b = default(CounterSlot);
        var second = file.Length >= FileSize && TryRead(file[SlotStride..], out b);
        newest = first && second ? (a.Generation >= b.Generation ? a : b) : first ? a : second ? b : default;
        return first || second;
    }
}
