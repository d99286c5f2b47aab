using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PortStress.Gateway.Bench;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp with microsecond precision on Linux (<c>clock_nanosleep</c> on
/// CLOCK_MONOTONIC, which is what <see cref="Stopwatch"/> reads there, after setting the thread's timer slack to 1 ns),
/// so a load driver waits for an order's intended time without keeping a core busy. Elsewhere <see cref="IsPrecise"/>
/// is false and the caller spins as before.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int SetTimerSlack = 29;

    /// <summary>True where <see cref="Until"/> sleeps precisely (Linux, nanosecond <see cref="Stopwatch"/>).</summary>
    public static bool IsPrecise { get; } = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Asks the kernel to wake this thread's timed sleeps on time (the default slack is 50 µs). Call once on the sleeping thread.</summary>
    public static void TightenThisThread()
    {
        if (IsPrecise)
        {
            _ = Prctl(SetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Sleeps until <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value); returns at once when it has passed.</summary>
    /// <param name="timestamp">The time to wake.</param>
    public static void Until(long timestamp)
    {
        var until = new Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
        _ = ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in until, IntPtr.Zero);
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, in Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
