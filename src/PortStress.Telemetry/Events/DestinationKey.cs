using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortStress.Telemetry;

/// <summary>
/// A remote ip:port as a 20-byte value: the address is kept in IPv6 form, with IPv4 addresses stored as
/// IPv4-mapped (<c>::ffff:a.b.c.d</c>) so that an IPv4 socket and a dual-mode IPv6 socket to the same peer
/// compare equal. Building, comparing and hashing a key never allocates.
/// </summary>
public readonly struct DestinationKey : IEquatable<DestinationKey>
{
    private const ulong MappedPrefix = 0x0000_FFFF_0000_0000UL;
    private readonly ulong _high;
    private readonly ulong _low;

    private DestinationKey(ulong high, ulong low, ushort port)
    {
        _high = high;
        _low = low;
        Port = port;
    }

    /// <summary>The remote port.</summary>
    public ushort Port { get; }

    /// <summary>True when the address is an IPv4 address (stored IPv4-mapped).</summary>
    public bool IsIPv4 => _high == 0 && (_low & 0xFFFF_FFFF_0000_0000UL) == MappedPrefix;

    /// <summary>Builds a key from an IPv4 address given as its four bytes in network order.</summary>
    /// <param name="address">Exactly four bytes.</param>
    /// <param name="port">The port in host order.</param>
    public static DestinationKey FromIPv4(ReadOnlySpan<byte> address, ushort port) =>
        new(0, MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(address), port);

    /// <summary>Builds a key from a 16-byte IPv6 address in network order (an IPv4-mapped address merges with IPv4).</summary>
    /// <param name="address">Exactly sixteen bytes.</param>
    /// <param name="port">The port in host order.</param>
    public static DestinationKey FromIPv6(ReadOnlySpan<byte> address, ushort port) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[8..]), port);

    /// <summary>Builds a key from an endpoint.</summary>
    /// <param name="endPoint">An IPv4 or IPv6 endpoint.</param>
    public static DestinationKey FromEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> bytes = stackalloc byte[16];
        var address = endPoint.Address;
        if (!address.TryWriteBytes(bytes, out var written))
            throw new ArgumentException("Unsupported address.", nameof(endPoint));
        return written == 4
            ? FromIPv4(bytes[..4], (ushort)endPoint.Port)
            : FromIPv6(bytes, (ushort)endPoint.Port);
    }

    /// <summary>Writes the address as 16 bytes (IPv4 as IPv4-mapped IPv6).</summary>
    /// <param name="destination">At least sixteen bytes.</param>
    public void WriteAddress(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The endpoint this key stands for (allocates; for display and reconnecting, not for hot paths).</summary>
    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteAddress(bytes);
        var address = IsIPv4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
        return new IPEndPoint(address, Port);
    }

    /// <inheritdoc />
    public bool Equals(DestinationKey other) => _high == other._high && _low == other._low && Port == other.Port;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DestinationKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low, Port);

    /// <summary>Formats as <c>a.b.c.d:port</c> or <c>[v6]:port</c>.</summary>
    public override string ToString()
    {
        var endPoint = ToEndPoint();
        return endPoint.AddressFamily == AddressFamily.InterNetwork
            ? string.Create(CultureInfo.InvariantCulture, $"{endPoint.Address}:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"[{endPoint.Address}]:{Port}");
    }

    /// <summary>Equality.</summary>
    /// <param name="left">One key.</param>
    /// <param name="right">The other key.</param>
    public static bool operator ==(DestinationKey left, DestinationKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">One key.</param>
    /// <param name="right">The other key.</param>
    public static bool operator !=(DestinationKey left, DestinationKey right) => !left.Equals(right);
}
