using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PortStress.Fix.Protocol;

/// <summary>The FIX CheckSum (10): the sum of every byte before the CheckSum field, modulo 256.</summary>
public static class Checksum
{
    /// <summary>Sums the bytes of <paramref name="data"/> (not yet reduced modulo 256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sum(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 32 && Avx2.IsSupported)
        {
            return SumAvx2(data);
        }

        if (data.Length >= 16 && Sse2.IsSupported)
        {
            return SumSse2(data);
        }

        return SumScalar(data);
    }

    /// <summary>The CheckSum value (0..255) of <paramref name="data"/>.</summary>
    public static byte Compute(ReadOnlySpan<byte> data) => (byte)Sum(data);

    /// <summary>Writes the three-digit CheckSum value, e.g. <c>007</c>.</summary>
    public static void WriteDigits(byte checksum, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (checksum / 100));
        destination[1] = (byte)('0' + (checksum / 10 % 10));
        destination[2] = (byte)('0' + (checksum % 10));
    }

    private static uint SumScalar(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        foreach (var b in data)
        {
            sum += b;
        }

        return sum;
    }

    private static uint SumAvx2(ReadOnlySpan<byte> data)
    {
        ref var start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        var acc = Vector256<ulong>.Zero;
        var i = 0;
        for (; i <= data.Length - 32; i += 32)
        {
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            acc = Avx2.Add(acc, Avx2.SumAbsoluteDifferences(v, Vector256<byte>.Zero).AsUInt64());
        }

        var total = (uint)(acc.GetElement(0) + acc.GetElement(1) + acc.GetElement(2) + acc.GetElement(3));
        return total + SumScalar(data[i..]);
    }

    private static uint SumSse2(ReadOnlySpan<byte> data)
    {
        ref var start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        var acc = Vector128<ulong>.Zero;
        var i = 0;
        for (; i <= data.Length - 16; i += 16)
        {
            var v = Vector128.LoadUnsafe(ref start, (nuint)i);
            acc = Sse2.Add(acc, Sse2.SumAbsoluteDifferences(v, Vector128<byte>.Zero).AsUInt64());
        }

        var total = (uint)(acc.GetElement(0) + acc.GetElement(1));
        return total + SumScalar(data[i..]);
    }
}
