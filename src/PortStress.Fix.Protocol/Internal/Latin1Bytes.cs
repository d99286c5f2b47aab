namespace PortStress.Fix.Protocol.Internal;

/// <summary>Latin-1 encoding of strings into FIX bytes, without allocation.</summary>
internal static class Latin1Bytes
{
    public static int Encode(ReadOnlySpan<char> value, Span<byte> destination)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            destination[i] = c <= 0xFF ? (byte)c : (byte)'?';
        }

        return value.Length;
    }
}
