namespace PortStress.Gateway.Conformance;

/// <summary>How a wait on a client connection ended.</summary>
internal enum ReceiveOutcome
{
    /// <summary>A complete frame arrived.</summary>
    Frame,

    /// <summary>The engine closed (or reset) the connection.</summary>
    Closed,

    /// <summary>Nothing arrived within the timeout.</summary>
    TimedOut,

    /// <summary>Bytes arrived that are not a valid frame.</summary>
    Invalid,
}

/// <summary>What a wait on a client connection produced.</summary>
/// <param name="Outcome">Frame, Closed, TimedOut or Invalid.</param>
/// <param name="Frame">The frame (Frame) or the rejected bytes (Invalid).</param>
/// <param name="Detail">Why (Closed, Invalid), or null.</param>
internal sealed record ReceiveResult(ReceiveOutcome Outcome, byte[]? Frame = null, string? Detail = null);
