namespace PortStress.Venue.Internal;

/// <summary>Tags the venue writes that the protocol's <c>Tags</c> does not name.</summary>
internal static class VenueTags
{
    public const int ExecTransType = 20;
    public const int CxlRejReason = 102;
    public const int OrdRejReason = 103;
    public const int CxlRejResponseTo = 434;
}
