namespace PortStress.Execution.Schedules;

/// <summary>
/// Participation (POV): the target is a fixed share of the market volume traded since the start, capped at the
/// parent quantity; whatever is left at the end of the window goes out on the final slice.
/// </summary>
public sealed class ParticipationSchedule : ParentSchedule
{
    private readonly IMarketVolumeSource _volume;
    private decimal _startVolume = -1;

    /// <summary>Creates the schedule (call <see cref="ParentSchedule.Start"/>).</summary>
    /// <param name="order">The parent order.</param>
    /// <param name="participation">The share of market volume to take, in (0, 1].</param>
    /// <param name="volume">Market volume.</param>
    /// <param name="submitter">Where children go (the gate).</param>
    /// <param name="ids">Child order ids.</param>
    /// <param name="timeProvider">The clock.</param>
    public ParticipationSchedule(ParentOrder order, double participation, IMarketVolumeSource volume, IChildOrderSubmitter submitter, OrderIdSource ids, TimeProvider timeProvider)
        : base(order, submitter, ids, timeProvider)
    {
        if (participation is <= 0 or > 1 || double.IsNaN(participation))
        {
            throw new ArgumentOutOfRangeException(nameof(participation), participation, "participation must be in (0, 1]");
        }

        Participation = (decimal)participation;
        _volume = volume ?? throw new ArgumentNullException(nameof(volume));
    }

    /// <summary>The share of market volume taken.</summary>
    public decimal Participation { get; }

    /// <inheritdoc />
    public override decimal ScheduleRate
    {
        get
        {
            var start = StartTimestamp;
            var seconds = start == 0 ? 0 : Time.GetElapsedTime(start).TotalSeconds;
            var traded = _startVolume < 0 ? 0 : _volume.CumulativeVolume(Order.Symbol) - _startVolume;
            return seconds <= 0 ? 0 : Participation * traded / (decimal)seconds;
        }
    }

    /// <inheritdoc />
    protected override decimal TargetAt(TimeSpan elapsed)
    {
        var cumulative = _volume.CumulativeVolume(Order.Symbol);
        if (_startVolume < 0)
        {
            _startVolume = cumulative;
        }

        return Participation * Math.Max(0, cumulative - _startVolume);
    }
}
