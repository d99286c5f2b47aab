namespace PortStress.Execution.Schedules;

/// <summary>Time-weighted: the target grows linearly from 0 at the start to the whole quantity at the end.</summary>
public sealed class TwapSchedule : ParentSchedule
{
    /// <summary>Creates the schedule (call <see cref="ParentSchedule.Start"/>).</summary>
    /// <param name="order">The parent order.</param>
    /// <param name="submitter">Where children go (the gate).</param>
    /// <param name="ids">Child order ids.</param>
    /// <param name="timeProvider">The clock.</param>
    public TwapSchedule(ParentOrder order, IChildOrderSubmitter submitter, OrderIdSource ids, TimeProvider timeProvider)
        : base(order, submitter, ids, timeProvider)
    {
    }

    /// <inheritdoc />
    public override decimal ScheduleRate => Order.Quantity / (decimal)Order.Duration.TotalSeconds;

    /// <inheritdoc />
    protected override decimal TargetAt(TimeSpan elapsed) =>
        Order.Quantity * (decimal)(elapsed.TotalSeconds / Order.Duration.TotalSeconds);
}
