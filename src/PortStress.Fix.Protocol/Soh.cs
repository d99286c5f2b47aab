namespace PortStress.Fix.Protocol;

/// <summary>Byte constants of the FIX tag=value encoding.</summary>
public static class Soh
{
    /// <summary>The field delimiter, SOH (0x01).</summary>
    public const byte Byte = 0x01;

    /// <summary>The tag/value separator, '='.</summary>
    public const byte EqualsSign = (byte)'=';

    /// <summary>The readable stand-in for SOH used in logs and <c>ToString</c>.</summary>
    public const char Printable = '|';
}
