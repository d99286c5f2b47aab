using System.Globalization;
using PortStress.Control;
using PortStress.Execution;
using PortStress.Execution.Gate;

namespace PortStress.Gateway.Routing;

/// <summary>What a replace may do: the quantity to send, a note for upstream, or why it is refused.</summary>
/// <param name="Quantity">The OrderQty to send to the venue.</param>
/// <param name="Note">Text for upstream when the policy changed the quantity, or null.</param>
/// <param name="Refusal">Why the replace is refused, or null.</param>
public readonly record struct ReplaceAdmission(decimal Quantity, string? Note, string? Refusal);

/// <summary>
/// The gate's rules applied to a replace that raises an order's quantity (the increase is new flow launched now; a
/// lower quantity or a new price only takes risk away and always passes). Under the applied state now: with
/// <see cref="ExecutionParameters.ContainNonUrgent"/> (RED) the increase of a Low or Normal urgency order without an
/// override is refused with the reason; with <see cref="ExecutionParameters.ClipTrim"/> the increase is trimmed like a
/// clip (lot rounding and the floor as the gate does, never a Critical order), and upstream hears the trimmed
/// quantity in the replace's report. Shadow mode applies GREEN (nothing changes), as the gate does.
/// </summary>
/// <param name="snapshots">The controller's snapshot source (the gate reads the same).</param>
/// <param name="gate">The gate's options (lot size and minimum per venue).</param>
public sealed class ReplacePolicy(IControlSnapshotSource snapshots, GateOptions gate)
{
    /// <summary>Decides what a replace of <paramref name="order"/> to <paramref name="quantity"/> may send.</summary>
    /// <param name="order">The order (under its lock).</param>
    /// <param name="quantity">The OrderQty asked for.</param>
    public ReplaceAdmission Admit(RoutedOrder order, decimal quantity)
    {
        ArgumentNullException.ThrowIfNull(order);
        var increase = quantity - order.Quantity;
        if (increase <= 0 || order.Urgency == Urgency.Critical)
        {
            return new ReplaceAdmission(quantity, null, null);
        }

        var snapshot = snapshots.Current;
        var parameters = snapshot.Parameters;
        if (parameters.ContainNonUrgent && order.Urgency is Urgency.Low or Urgency.Normal && !order.UrgencyOverride)
        {
            return new ReplaceAdmission(order.Quantity, null, string.Create(CultureInfo.InvariantCulture,
                $"refused by the gateway: raising OrderQty by {increase} is new non-urgent flow, contained under {snapshot.State} (port stress); lower quantities and price changes still pass"));
        }

        if (parameters.ClipTrim > 0)
        {
            var allowed = ClipTrimmer.Trim(increase, parameters.ClipTrim, gate.LotSizeOf(order.Venue), gate.MinimumQuantityOf(order.Venue));
            if (allowed < increase)
            {
                return new ReplaceAdmission(order.Quantity + allowed, string.Create(CultureInfo.InvariantCulture,
                    $"increase trimmed by {increase - allowed} under the port-stress policy ({snapshot.State})"), null);
            }
        }

        return new ReplaceAdmission(quantity, null, null);
    }
}
