using System.Diagnostics.Metrics;
using PortStress.Execution.Records;

namespace PortStress.Execution;

/// <summary>
/// The gate's instruments on the <see cref="MeterName"/> meter: <c>portstress.gate.outcomes</c> ({order}, tagged
/// <c>kind</c> and <c>reason</c>), <c>portstress.gate.held</c> ({order} waiting in the gate now),
/// <c>portstress.gate.trimmed</c> (quantity handed back by trims and the catch-up cap),
/// <c>portstress.gate.hold.duration</c> (s, arrival to outcome of held orders), <c>portstress.gate.retries</c>
/// ({retry} the gate scheduled itself) and <c>portstress.gate.order_events</c> ({event}, tagged <c>event</c>); the
/// actions: <c>portstress.gate.actions</c> ({order}, tagged <c>action</c> = trim, catch_up_cap, jitter, containment,
/// approval, retry_budget_refusal and <c>shadow</c>: false when applied, true when shadow mode only recorded that it
/// would have been), <c>portstress.gate.jitter.duration</c> (s, launch jitter drawn),
/// <c>portstress.gate.warm_session_choices</c> ({order}, tagged <c>changed</c>: the health score picked another session
/// than the configured order would), <c>portstress.gate.approvals</c> ({request}, tagged <c>result</c> = requested,
/// approved, denied, invalid_credential, timed_out), <c>portstress.gate.approvals.pending</c> ({request}) and
/// <c>portstress.gate.retry_budget.tokens</c> ({token}, tagged <c>venue</c>).
/// Measuring allocates nothing: tag values are cached strings.
/// </summary>
public sealed class ExecutionMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PortStress.Execution";

    private static readonly string[] KindNames = [.. Enumerable.Range(0, 4).Select(i => RecordNames.Of((GateOutcomeKind)i))];
    private static readonly string[] ReasonNames = [.. Enumerable.Range(0, 12).Select(i => RecordNames.Of((RefusalReason)i))];
    private static readonly string[] EventNames = [.. Enumerable.Range(0, 5).Select(i => RecordNames.Of((OrderEventKind)i))];
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _outcomes;
    private readonly Counter<double> _trimmed;
    private readonly Histogram<double> _holdDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _events;
    private readonly Counter<long> _actions;
    private readonly Histogram<double> _jitter;
    private readonly Counter<long> _warmChoices;
    private readonly Counter<long> _approvals;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter; null for a meter of its own (disposed with this object).</param>
    /// <param name="held">Reads how many orders wait in the gate (observed by the gauge).</param>
    /// <param name="pendingApprovals">Reads how many overrides wait for approval, or null to leave that gauge out.</param>
    /// <param name="venues">Reads the venues the gate knows, or null to leave the retry budget gauge out.</param>
    /// <param name="retryTokens">Reads the tokens left in a venue's retry budget.</param>
    public ExecutionMetrics(IMeterFactory? meterFactory, Func<int> held, Func<int>? pendingApprovals = null,
        Func<IReadOnlyList<string>>? venues = null, Func<string, double>? retryTokens = null)
    {
        ArgumentNullException.ThrowIfNull(held);
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _outcomes = _meter.CreateCounter<long>("portstress.gate.outcomes", "{order}", "Child orders by terminal gate outcome (kind) and refusal reason.");
        _trimmed = _meter.CreateCounter<double>("portstress.gate.trimmed", "{quantity}", "Quantity handed back to parents by clip trims and the catch-up cap.");
        _holdDuration = _meter.CreateHistogram<double>("portstress.gate.hold.duration", "s", "Arrival to outcome of orders the gate held (jitter, pacing, containment, approval, retry).");
        _retries = _meter.CreateCounter<long>("portstress.gate.retries", "{retry}", "Retries the gate scheduled itself after a failed send.");
        _events = _meter.CreateCounter<long>("portstress.gate.order_events", "{event}", "Venue answers about sent child orders (acknowledged, rejected, filled, done).");
        _meter.CreateObservableUpDownCounter("portstress.gate.held", held, "{order}", "Child orders waiting in the gate now.");
        _actions = _meter.CreateCounter<long>("portstress.gate.actions", "{order}",
            "Child orders an action changed, by action (trim, catch_up_cap, jitter, containment, approval, retry_budget_refusal) and shadow (true: only recorded).");
        _jitter = _meter.CreateHistogram<double>("portstress.gate.jitter.duration", "s", "Launch jitter drawn for child orders (applied).");
        _warmChoices = _meter.CreateCounter<long>("portstress.gate.warm_session_choices", "{order}",
            "Session choices made by health score (warm-session preference); changed=true when another session than the configured order's was chosen.");
        _approvals = _meter.CreateCounter<long>("portstress.gate.approvals", "{request}",
            "Urgency-override approvals by result (requested, approved, denied, invalid_credential, timed_out).");
        if (pendingApprovals is not null)
            _meter.CreateObservableUpDownCounter("portstress.gate.approvals.pending", pendingApprovals, "{request}", "Urgency overrides waiting for approval now.");
        if (venues is not null && retryTokens is not null)
        {
            _meter.CreateObservableGauge("portstress.gate.retry_budget.tokens", () => RetryTokens(venues, retryTokens), "{token}",
                "Tokens left in each venue's retry budget (retries are allowed at half or more).");
        }
    }

    /// <summary>Counts a terminal outcome.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="reason">The refusal reason.</param>
    public void Outcome(GateOutcomeKind kind, RefusalReason reason)
    {
        if (_outcomes.Enabled)
        {
            _outcomes.Add(1, new KeyValuePair<string, object?>("kind", KindNames[(int)kind & 3]),
                new KeyValuePair<string, object?>("reason", ReasonNames[Math.Min((int)reason, ReasonNames.Length - 1)]));
        }
    }

    /// <summary>Adds trimmed quantity.</summary>
    /// <param name="quantity">The quantity handed back.</param>
    public void Trimmed(decimal quantity)
    {
        if (quantity > 0 && _trimmed.Enabled)
            _trimmed.Add((double)quantity);
    }

    /// <summary>Records how long a held order waited.</summary>
    /// <param name="seconds">Arrival to outcome.</param>
    public void HoldDuration(double seconds)
    {
        if (_holdDuration.Enabled)
            _holdDuration.Record(seconds);
    }

    /// <summary>Counts a retry the gate scheduled.</summary>
    public void Retry()
    {
        if (_retries.Enabled)
            _retries.Add(1);
    }

    /// <summary>Counts a venue answer.</summary>
    /// <param name="kind">Its kind.</param>
    public void OrderEvent(OrderEventKind kind)
    {
        if (_events.Enabled)
            _events.Add(1, new KeyValuePair<string, object?>("event", EventNames[Math.Min((int)kind, EventNames.Length - 1)]));
    }

    /// <summary>Counts the actions a finished order went through (from its record), applied or, in shadow mode, recorded.</summary>
    /// <param name="record">The order's terminal record.</param>
    public void Actions(in ChildOrderRecord record)
    {
        if (!_actions.Enabled && !_jitter.Enabled)
            return;
        var capped = record.QuantityCatchUpCapped > 0 || record.Refusal == RefusalReason.CatchUpCapped;
        if (record.QuantityTrimmed - record.QuantityCatchUpCapped > 0)
            Action(ActionTrim, Applied);
        if (capped)
            Action(ActionCatchUpCap, Applied);
        if (record.JitterMicros > 0)
        {
            Action(ActionJitter, Applied);
            if (_jitter.Enabled)
                _jitter.Record(record.JitterMicros / 1e6);
        }
        if ((record.Holds & Gate.HoldReasons.Containment) != 0 || record.Refusal is RefusalReason.ContainmentFull or RefusalReason.ContainmentTimeout)
            Action(ActionContainment, Applied);
        if ((record.Holds & Gate.HoldReasons.Approval) != 0 || record.Refusal is RefusalReason.ApprovalDenied or RefusalReason.ApprovalTimeout)
            Action(ActionApproval, Applied);
        if (record.Refusal == RefusalReason.RetryBudgetExhausted)
            Action(ActionRetryBudget, Applied);
        if (record.Refusal == RefusalReason.ApprovalTimeout)
            Approval(ApprovalTimedOut);
        if (!record.Shadow)
            return;
        if (record.WouldQuantity > 0 && record.WouldQuantity < record.QuantityRequested)
            Action(ActionTrim, Recorded);
        if (record.WouldJitterMicros > 0)
            Action(ActionJitter, Recorded);
        if (record.WouldContain)
            Action(ActionContainment, Recorded);
        if (record.WouldRequireApproval)
            Action(ActionApproval, Recorded);
    }

    /// <summary>Counts a session choice made by health score.</summary>
    /// <param name="changed">True when the score chose another session than the configured order would have.</param>
    public void WarmSessionChosen(bool changed)
    {
        if (_warmChoices.Enabled)
            _warmChoices.Add(1, changed ? Changed : Unchanged);
    }

    /// <summary>True when warm-session choices are measured (the caller can skip working out <c>changed</c>).</summary>
    public bool WarmSessionChoicesEnabled => _warmChoices.Enabled;

    /// <summary>Counts an approval event.</summary>
    /// <param name="result">requested, approved, denied, invalid_credential or timed_out (use the constants).</param>
    public void Approval(string result)
    {
        if (_approvals.Enabled)
            _approvals.Add(1, new KeyValuePair<string, object?>("result", result));
    }

    /// <summary>The <c>result</c> of an override that started waiting.</summary>
    public const string ApprovalRequested = "requested";

    /// <summary>The <c>result</c> of an approved override.</summary>
    public const string ApprovalApproved = "approved";

    /// <summary>The <c>result</c> of a denied override.</summary>
    public const string ApprovalDenied = "denied";

    /// <summary>The <c>result</c> of an approve or deny call with an invalid credential.</summary>
    public const string ApprovalInvalidCredential = "invalid_credential";

    /// <summary>The <c>result</c> of an override nobody answered in time.</summary>
    public const string ApprovalTimedOut = "timed_out";

    private const string ActionTrim = "trim";
    private const string ActionCatchUpCap = "catch_up_cap";
    private const string ActionJitter = "jitter";
    private const string ActionContainment = "containment";
    private const string ActionApproval = "approval";
    private const string ActionRetryBudget = "retry_budget_refusal";
    private static readonly KeyValuePair<string, object?> Applied = new("shadow", false);
    private static readonly KeyValuePair<string, object?> Recorded = new("shadow", true);
    private static readonly KeyValuePair<string, object?> Changed = new("changed", true);
    private static readonly KeyValuePair<string, object?> Unchanged = new("changed", false);

    private void Action(string action, KeyValuePair<string, object?> shadow)
    {
        if (_actions.Enabled)
            _actions.Add(1, new KeyValuePair<string, object?>("action", action), shadow);
    }

    private static List<Measurement<double>> RetryTokens(Func<IReadOnlyList<string>> venues, Func<string, double> tokens)
    {
        var list = new List<Measurement<double>>();
        foreach (var venue in venues())
        {
            var value = tokens(venue);
            if (double.IsFinite(value))
                list.Add(new Measurement<double>(value, new KeyValuePair<string, object?>("venue", venue)));
        }
        return list;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }
}
