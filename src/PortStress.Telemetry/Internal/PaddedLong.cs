using System.Runtime.InteropServices;

namespace PortStress.Telemetry.Internal;

/// <summary>A long alone on its cache lines (64 bytes either side) so producers and the consumer do not false-share.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
