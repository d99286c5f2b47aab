using System.Net.Sockets;

namespace PortStress.Telemetry.Connect;

/// <summary>Classifies socket errors into <see cref="ConnectFailureCause"/> with the Linux errno.</summary>
public static class ConnectErrors
{
    /// <summary>The Linux errno of ETIMEDOUT, used for timeouts the caller imposed.</summary>
    public const int TimedOutErrno = 110;

    /// <summary>The cause of a socket error.</summary>
    /// <param name="error">The managed socket error.</param>
    public static ConnectFailureCause Classify(SocketError error) => error switch
    {
        SocketError.AddressNotAvailable => ConnectFailureCause.AddressNotAvailable,
        SocketError.AddressAlreadyInUse => ConnectFailureCause.AddressInUse,
        SocketError.ConnectionRefused => ConnectFailureCause.Refused,
        SocketError.TimedOut => ConnectFailureCause.TimedOut,
        SocketError.ConnectionReset or SocketError.ConnectionAborted => ConnectFailureCause.Reset,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown => ConnectFailureCause.Unreachable,
        _ => ConnectFailureCause.Other,
    };

    /// <summary>The cause and errno of a socket exception (on Unix, <see cref="System.ComponentModel.Win32Exception.NativeErrorCode"/> is the errno).</summary>
    /// <param name="exception">The exception.</param>
    public static (ConnectFailureCause Cause, int Errno) Classify(SocketException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (Classify(exception.SocketErrorCode), exception.NativeErrorCode);
    }
}
