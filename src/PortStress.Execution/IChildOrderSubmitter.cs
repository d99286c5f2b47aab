namespace PortStress.Execution;

/// <summary>Where child orders go: the gate (or, for a baseline, straight to a session).</summary>
public interface IChildOrderSubmitter
{
    /// <summary>Submits an intent; its outcome reaches <paramref name="listener"/> exactly once, possibly before this returns.</summary>
    /// <param name="intent">The child order.</param>
    /// <param name="listener">Receives the outcome, acks and fills; may be null.</param>
    void Submit(ChildOrderIntent intent, IChildOrderListener? listener);
}
