namespace PortStress.Gateway.Bench;

/// <summary>
/// Something orders go through and acknowledgements come back from: our FIX initiator and acceptor,
/// or a plain TCP echo of the same bytes. Acknowledgements are reported to the target's
/// <see cref="RoundTripProbe"/> from the target's receiving thread.
/// </summary>
internal interface IRoundTripTarget : IAsyncDisposable
{
    /// <summary>Short name for tables and JSON ("engine", "echo").</summary>
    string Name { get; }

    /// <summary>Connects (and logs on) both sides.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends order <paramref name="index"/> (or queues it until <see cref="Flush"/>); false when the transport pushes back (try again).</summary>
    bool TrySend(long index);

    /// <summary>Puts on the wire what <see cref="TrySend"/> queued; the driver calls it before it waits.</summary>
    void Flush();
}
