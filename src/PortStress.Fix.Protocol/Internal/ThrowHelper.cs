using System.Diagnostics.CodeAnalysis;

namespace PortStress.Fix.Protocol.Internal;

/// <summary>Throws out of line so the callers' fast paths stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void ThrowFieldNotFound(int tag) => throw new KeyNotFoundException($"Field {tag} is not present.");

    [DoesNotReturn]
    public static void ThrowFieldFormat(int tag, string type) => throw new FormatException($"Field {tag} is not a valid {type}.");
}
