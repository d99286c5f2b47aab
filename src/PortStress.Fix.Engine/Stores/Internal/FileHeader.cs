using System.Buffers.Binary;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>
/// The 32-byte header at the start of the body and index files: magic (8) | format version (4) |
/// period epoch (4) | creation time ticks (8) | reserved (4) | CRC-32C of the first 28 bytes (4).
/// The epoch ties a file to one session period: a file whose epoch differs from the counter file's
/// belongs to an earlier period (a crash during <see cref="FileStore.Reset"/>) and is discarded.
/// </summary>
internal readonly record struct FileHeader(uint Epoch, long CreationTicks)
{
    public const int Size = 32;
    public const uint Version = 1;

    public static ReadOnlySpan<byte> BodyMagic => "PSFXBODY"u8;

    public static ReadOnlySpan<byte> IndexMagic => "PSFXINDX"u8;

    public void Write(Span<byte> destination, ReadOnlySpan<byte> magic)
    {
        destination = destination[..Size];
        destination.Clear();
        magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Epoch);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], CreationTicks);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Crc32C.Append(0, destination[..28]));
    }

    public static bool TryRead(ReadOnlySpan<byte> source, ReadOnlySpan<byte> magic, out FileHeader header)
    {
        header = default;
        if (source.Length < Size
            || !source[..8].SequenceEqual(magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(source[28..]) != Crc32C.Append(0, source[..28])
            || BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) != Version)
        {
            return false;
        }

        header = new FileHeader(BinaryPrimitives.ReadUInt32LittleEndian(source[12..]), BinaryPrimitives.ReadInt64LittleEndian(source[16..]));
        return true;
    }
}
