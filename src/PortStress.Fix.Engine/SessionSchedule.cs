namespace PortStress.Fix.Engine;

/// <summary>
/// When a session is open: a daily window (StartTime..EndTime, possibly across midnight) on the
/// given weekdays, or a weekly window (StartDay StartTime .. EndDay EndTime), in a time zone.
/// A new period begins at each start; sequence numbers reset then. Pure functions of the time.
/// </summary>
public sealed record SessionSchedule
{
    /// <summary>Opening time of day [StartTime].</summary>
    public TimeOnly StartTime { get; init; }

    /// <summary>Closing time of day [EndTime].</summary>
    public TimeOnly EndTime { get; init; }

    /// <summary>For a weekly session: the opening day [StartDay].</summary>
    public DayOfWeek? StartDay { get; init; }

    /// <summary>For a weekly session: the closing day [EndDay].</summary>
    public DayOfWeek? EndDay { get; init; }

    /// <summary>For a daily session: the days it opens [Weekdays]; empty for every day.</summary>
    public IReadOnlyList<DayOfWeek> Weekdays { get; init; } = [];

    /// <summary>The zone StartTime and EndTime are in [TimeZone]; UTC by default.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The start (UTC) of the period containing <paramref name="utcNow"/>, or null when the session is closed then.</summary>
    /// <param name="utcNow">The instant.</param>
    public DateTime? CurrentPeriodStart(DateTime utcNow)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), TimeZone);
        if (StartDay is { } startDay && EndDay is { } endDay)
        {
            // Weekly: find the most recent start at or before now, and check its end is after now.
            for (var back = 0; back <= 7; back++)
            {
                var day = local.Date.AddDays(-back);
                if (day.DayOfWeek != startDay)
                {
                    continue;
                }

                var start = day + StartTime.ToTimeSpan();
                if (start > local)
                {
                    continue;
                }

                var span = ((int)endDay - (int)startDay + 7) % 7;
                var end = day.AddDays(span) + EndTime.ToTimeSpan();
                if (end <= start)
                {
                    end = end.AddDays(7);
                }

                return local < end ? ToUtc(start) : null;
            }

            return null;
        }

        // Daily: the window that opened today, or yesterday if it crosses midnight.
        foreach (var back in new[] { 0, 1 })
        {
            var day = local.Date.AddDays(-back);
            var start = day + StartTime.ToTimeSpan();
            var end = day + EndTime.ToTimeSpan();
            if (end <= start)
            {
                end = end.AddDays(1);
            }

            if (local >= start && local < end && (Weekdays.Count == 0 || Weekdays.Contains(day.DayOfWeek)))
            {
                return ToUtc(start);
            }
        }

        return null;
    }

    /// <summary>True when the session is open at <paramref name="utcNow"/>.</summary>
    /// <param name="utcNow">The instant.</param>
    public bool IsOpen(DateTime utcNow) => CurrentPeriodStart(utcNow) is not null;

    private DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeZone);
}
