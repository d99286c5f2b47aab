namespace PortStress.Control;

/// <summary>
/// Holds the current <see cref="ControlSnapshot"/>: the control loop publishes, the order path reads with one
/// volatile read. Also the way to drive the gate with a fixed state (tests, manual override).
/// </summary>
public sealed class ControlSnapshotPublisher : IControlSnapshotSource
{
    private ControlSnapshot _current;

    /// <summary>Starts at <paramref name="initial"/>, or GREEN when null.</summary>
    /// <param name="initial">The first snapshot.</param>
    public ControlSnapshotPublisher(ControlSnapshot? initial = null) => _current = initial ?? ControlSnapshot.Initial;

    /// <inheritdoc />
    public ControlSnapshot Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public event Action<ControlSnapshot>? Published;

    /// <summary>Makes <paramref name="snapshot"/> current and raises <see cref="Published"/> on the calling thread.</summary>
    /// <param name="snapshot">The new snapshot.</param>
    public void Publish(ControlSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        Published?.Invoke(snapshot);
    }
}
