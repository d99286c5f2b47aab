namespace PortStress.Execution.Schedules;

/// <summary>Where a parent schedule stands. A copy taken under the schedule's lock.</summary>
/// <param name="Target">The quantity the schedule should have committed by now.</param>
/// <param name="Working">Quantity at the gate or at the venue, not yet filled or returned.</param>
/// <param name="Filled">Quantity filled.</param>
/// <param name="Returned">Quantity given back (trims, refusals, rejects, unfilled remainders) and not yet re-sent.</param>
/// <param name="Children">Child intents submitted.</param>
/// <param name="CatchUpChildren">Of those, children flagged as catch-up.</param>
/// <param name="Refused">Children the gate refused.</param>
/// <param name="Finished">True once the window has ended and nothing is working, or everything is filled.</param>
public readonly record struct ScheduleProgress(
    decimal Target, decimal Working, decimal Filled, decimal Returned, int Children, int CatchUpChildren, int Refused, bool Finished)
{
    /// <summary>Filled over the parent quantity.</summary>
    /// <param name="parentQuantity">The parent quantity.</param>
    public double Completion(decimal parentQuantity) => parentQuantity == 0 ? 0 : (double)(Filled / parentQuantity);
}
