namespace PortStress.Analytics;

/// <summary>
/// One child order as the statistics see it: its cost measures (from the record streams, decomposed) and the
/// covariates matching uses. The loader (<c>Storage/</c>, <c>Measures/</c>) produces these from DuckDB; the
/// statistics (<c>Statistics/</c>) and the synthetic generator consume and produce them. Basis-point costs are
/// positive when they cost the desk; NaN where not defined (e.g. impact of an unfilled child).
/// </summary>
/// <param name="OrderId">The child (its wire ClOrdID).</param>
/// <param name="ParentId">Its parent schedule (0 for none): the bootstrap's cluster.</param>
/// <param name="Venue">The venue: matched exactly.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Urgency">0 low, 1 normal, 2 high, 3 critical: the urgency bucket is matched exactly.</param>
/// <param name="Buy">True for a buy.</param>
/// <param name="DecisionMicros">When the strategy decided it (µs since the Unix epoch).</param>
/// <param name="Stressed">The treatment: the decoded state at decision was not GREEN.</param>
/// <param name="DecidedState">The decoded state (GREEN … RED).</param>
/// <param name="AppliedState">The state whose actions were applied (GREEN in shadow mode).</param>
/// <param name="Shadow">Shadow mode was on.</param>
/// <param name="StressProbability">P(stress) from the control snapshot the gate read.</param>
/// <param name="SpreadBps">Quoted spread at decision, bps of mid (covariate).</param>
/// <param name="VolatilityBps">Trailing mid volatility at decision, bps (covariate).</param>
/// <param name="TimeOfDayHours">Hours since midnight UTC at decision (covariate).</param>
/// <param name="ClipQuantity">The child's intended quantity (covariate).</param>
/// <param name="RemainingQuantity">The parent's remaining quantity when the child was decided (covariate).</param>
/// <param name="Quantity">Quantity intended.</param>
/// <param name="FilledQuantity">Quantity filled.</param>
/// <param name="ShortfallBps">Total implementation shortfall, bps of the decision mid.</param>
/// <param name="DelayBps">Decision to arrival.</param>
/// <param name="TimingBps">Arrival to send (the cadence term).</param>
/// <param name="ImpactBps">Fills against the mid at send.</param>
/// <param name="OpportunityBps">Unfilled quantity against the end price.</param>
/// <param name="FeesBps">Fees.</param>
/// <param name="ShortfallCurrency">Total shortfall in currency.</param>
/// <param name="DecisionToSendMicros">Send minus decision; NaN when never sent.</param>
/// <param name="Markout1sBps">Fill-weighted markout 1 s after the fills, bps; NaN when unfilled.</param>
/// <param name="Markout5sBps">5 s markout.</param>
/// <param name="Markout60sBps">60 s markout.</param>
public sealed record ChildCost(
    long OrderId,
    long ParentId,
    string Venue,
    string Symbol,
    int Urgency,
    bool Buy,
    long DecisionMicros,
    bool Stressed,
    string DecidedState,
    string AppliedState,
    bool Shadow,
    double StressProbability,
    double SpreadBps,
    double VolatilityBps,
    double TimeOfDayHours,
    double ClipQuantity,
    double RemainingQuantity,
    double Quantity,
    double FilledQuantity,
    double ShortfallBps,
    double DelayBps,
    double TimingBps,
    double ImpactBps,
    double OpportunityBps,
    double FeesBps,
    double ShortfallCurrency,
    double DecisionToSendMicros,
    double Markout1sBps,
    double Markout5sBps,
    double Markout60sBps);
