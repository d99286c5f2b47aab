namespace PortStress.Control;

/// <summary>Where the order path reads the controller's decision.</summary>
public interface IControlSnapshotSource
{
    /// <summary>The latest snapshot (one volatile read; never null).</summary>
    ControlSnapshot Current { get; }

    /// <summary>Raised on the control thread after a new snapshot is published (a state or parameter change).</summary>
    event Action<ControlSnapshot>? Published;
}
