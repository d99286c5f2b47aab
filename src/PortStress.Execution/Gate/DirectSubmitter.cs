namespace PortStress.Execution.Gate;

/// <summary>
/// The baseline the gate is measured against: an intent goes straight to the venue's first logged-on session, with
/// no snapshot, no trim, no hold and no tracking. The outcome is <see cref="GateOutcomeKind.Sent"/> or
/// <see cref="RefusalReason.NoSession"/>.
/// </summary>
/// <param name="sessions">The sessions per venue.</param>
/// <param name="timeProvider">The clock of the outcome's sent timestamp; null for the system clock.</param>
public sealed class DirectSubmitter(VenueSessionPool sessions, TimeProvider? timeProvider = null) : IChildOrderSubmitter
{
    private readonly VenueSessionPool _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public void Submit(ChildOrderIntent intent, IChildOrderListener? listener)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var session = _sessions.Choose(intent.Venue, preferWarm: false, 0, default);
        if (session is not null && session.Session.Send(intent, intent.Quantity) == SendResult.Sent)
        {
            listener?.OnOutcome(new GateOutcome(intent, GateOutcomeKind.Sent, RefusalReason.None, intent.Quantity, 0, _time.GetTimestamp(), session.Session.Name));
            return;
        }
        listener?.OnOutcome(new GateOutcome(intent, GateOutcomeKind.Refused, RefusalReason.NoSession, 0, 0, 0, null));
    }
}
