namespace PortStress.Fix.Protocol;

/// <summary>
/// Hard caps applied to untrusted input before anything is allocated for it. Defaults suit order
/// flow; market-data sessions with large snapshots may need a larger <see cref="MaxBodyLength"/>.
/// </summary>
public sealed record CodecLimits
{
    /// <summary>The shared defaults: 1 MiB body, 4,096 fields, 8 nested group levels.</summary>
    public static CodecLimits Default { get; } = new();

    /// <summary>Largest BodyLength (9) accepted; a frame declaring more is rejected at once.</summary>
    public int MaxBodyLength { get; init; } = 1 << 20;

    /// <summary>Most fields one message may hold (header, body, groups and trailer together).</summary>
    public int MaxFieldCount { get; init; } = 4096;

    /// <summary>Deepest nesting of repeating groups.</summary>
    public int MaxGroupDepth { get; init; } = 8;

    /// <summary>Longest BeginString (8) value accepted before the frame is called invalid.</summary>
    public int MaxBeginStringLength { get; init; } = 16;

    /// <summary>Checks the values are usable; throws <see cref="ArgumentOutOfRangeException"/> if not.</summary>
    public CodecLimits Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBodyLength, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBodyLength, 999_999_999);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFieldCount, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGroupDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxGroupDepth, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBeginStringLength, 7);
        return this;
    }
}
