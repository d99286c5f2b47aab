using PortStress.Fix.Engine;

namespace PortStress.Fix.Engine.Tests.Sessions;

public sealed class SessionScheduleTests
{
    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_daily_window_is_open_inside_and_closed_outside()
    {
        var schedule = new SessionSchedule { StartTime = new TimeOnly(8, 0), EndTime = new TimeOnly(17, 0) };
        schedule.IsOpen(Utc(24, 7, 59)).Should().BeFalse();
        schedule.CurrentPeriodStart(Utc(24, 8)).Should().Be(Utc(24, 8));
        schedule.CurrentPeriodStart(Utc(24, 16, 59)).Should().Be(Utc(24, 8));
        schedule.IsOpen(Utc(24, 17)).Should().BeFalse();
    }

    [Fact]
    public void A_window_across_midnight_belongs_to_the_day_it_opened()
    {
        var schedule = new SessionSchedule { StartTime = new TimeOnly(22, 0), EndTime = new TimeOnly(6, 0) };
        schedule.CurrentPeriodStart(Utc(25, 2)).Should().Be(Utc(24, 22));
        schedule.CurrentPeriodStart(Utc(24, 23)).Should().Be(Utc(24, 22));
        schedule.IsOpen(Utc(25, 12)).Should().BeFalse();
    }

    [Fact]
    public void Weekdays_limit_a_daily_window()
    {
        // 2026-11-28 is a Saturday.
        var schedule = new SessionSchedule
        {
            StartTime = new TimeOnly(0, 0),
            EndTime = new TimeOnly(23, 59),
            Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        };
        schedule.IsOpen(Utc(27, 12)).Should().BeTrue();
        schedule.IsOpen(Utc(28, 12)).Should().BeFalse();
    }

    [Fact]
    public void A_weekly_window_runs_from_its_start_day_to_its_end_day()
    {
        // Sunday 17:00 to Friday 17:00; 2026-11-22 is a Sunday.
        var schedule = new SessionSchedule { StartDay = DayOfWeek.Sunday, StartTime = new TimeOnly(17, 0), EndDay = DayOfWeek.Friday, EndTime = new TimeOnly(17, 0) };
        schedule.CurrentPeriodStart(Utc(25, 9)).Should().Be(Utc(22, 17));
        schedule.IsOpen(Utc(27, 16, 59)).Should().BeTrue();
        schedule.IsOpen(Utc(27, 17)).Should().BeFalse();
        schedule.IsOpen(Utc(28, 12)).Should().BeFalse();
        schedule.CurrentPeriodStart(Utc(29, 18)).Should().Be(Utc(29, 17));
    }

    [Fact]
    public void Times_are_read_in_the_schedules_time_zone()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var schedule = new SessionSchedule { StartTime = new TimeOnly(9, 30), EndTime = new TimeOnly(16, 0), TimeZone = newYork };
        schedule.IsOpen(Utc(24, 14, 29)).Should().BeFalse("09:29 in New York (UTC-5 in November)");
        schedule.CurrentPeriodStart(Utc(24, 14, 30)).Should().Be(Utc(24, 14, 30));
    }
}
