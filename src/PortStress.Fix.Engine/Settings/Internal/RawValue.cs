namespace PortStress.Fix.Engine.Internal;

/// <summary>One setting as written: its text and where it was written.</summary>
/// <param name="Text">The value, trimmed.</param>
/// <param name="Line">The line in the file, or null for options.</param>
/// <param name="Section">DEFAULT or SESSION, or null for options.</param>
/// <param name="Inherited">True when the session took it from [DEFAULT] rather than its own section.</param>
internal readonly record struct RawValue(string Text, int? Line, string? Section, bool Inherited);
