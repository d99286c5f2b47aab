namespace PortStress.Gateway.Conformance;

/// <summary>The first difference between an expected and a received message.</summary>
/// <param name="Position">0-based field position where they differ.</param>
/// <param name="Tag">The expected tag at that position (or the received one when the expected message ended).</param>
/// <param name="Expected">The expected field, or null when the expected message ended.</param>
/// <param name="Received">The received field, or null when the received message ended.</param>
/// <param name="Reason">Why they differ, in a few words.</param>
internal sealed record FieldMismatch(int Position, string Tag, ScriptField? Expected, ScriptField? Received, string Reason)
{
    /// <summary>One readable line: which tag, what was expected, what came.</summary>
    public override string ToString() => $"field {Position + 1}, tag {Tag}: {Reason}";
}
