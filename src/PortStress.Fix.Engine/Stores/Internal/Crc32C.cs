using System.Buffers.Binary;
using System.Numerics;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of iSCSI and ext4 metadata. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// uses the CPU's CRC32 instruction (SSE4.2, ARMv8) and falls back to a table in software.
/// </summary>
internal static class Crc32C
{
    /// <summary>Continues a checksum: <c>Append(Append(0, a), b)</c> equals the CRC-32C of <c>a</c> followed by <c>b</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return ~state;
    }

    /// <summary>Continues a checksum over the little-endian bytes of <paramref name="value"/>.</summary>
    public static uint Append(uint crc, uint value) => ~BitOperations.Crc32C(~crc, value);
}
