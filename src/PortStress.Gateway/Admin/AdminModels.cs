namespace PortStress.Gateway.Admin;

/// <summary>GET /admin/state.</summary>
/// <param name="State">The decided state (GREEN, YELLOW, ORANGE, RED).</param>
/// <param name="AppliedState">The state whose actions the gate applies (GREEN in shadow mode).</param>
/// <param name="Version">The version of the snapshot in force.</param>
/// <param name="Shadow">Shadow mode in force.</param>
/// <param name="ShadowRequested">Shadow mode asked for (differs from <paramref name="Shadow"/> until the next tick).</param>
/// <param name="ShadowSource">
/// Where <paramref name="ShadowRequested"/> comes from: <c>config</c> (<c>PortStress:Control:Shadow</c>) or
/// <c>admin switch at 2025-06-02T09:15:00Z from 10.0.0.7</c> (kept across restarts; <c>, not persisted</c> when it could not
/// be saved); null in a host that keeps no admin state (only the gateway run host does).
/// </param>
/// <param name="StressProbability">P(stress) at the last tick.</param>
/// <param name="Features">The features at the last tick.</param>
/// <param name="ConnectLatencyP95">CTL95 in seconds (null when unknown).</param>
/// <param name="ConnectLatencyBaseline">Its baseline (null before it is warm).</param>
/// <param name="DecisionToSendP95">DSD95 in seconds.</param>
/// <param name="DecisionToSendBaseline">Its baseline.</param>
/// <param name="TickCount">Ticks run.</param>
/// <param name="LastTick">When the status was taken (null before the first tick).</param>
/// <param name="Parameters">The parameters the gate applies.</param>
/// <param name="DecidedParameters">The parameters of the decided state.</param>
public sealed record AdminState(
    string State, string AppliedState, long Version, bool Shadow, bool ShadowRequested, string? ShadowSource, double StressProbability, AdminFeatures Features,
    double? ConnectLatencyP95, double? ConnectLatencyBaseline, double? DecisionToSendP95, double? DecisionToSendBaseline,
    long TickCount, DateTimeOffset? LastTick, AdminParameters Parameters, AdminParameters DecidedParameters);

/// <summary>The control features (see docs/control.md).</summary>
/// <param name="Ppr">PPR, maximum over destinations.</param>
/// <param name="Twr">TWR, maximum over destinations.</param>
/// <param name="Cfr">CFR.</param>
/// <param name="ConnectFailures">Connect failures in the window.</param>
/// <param name="Ctl95Relative">CTL95 over its baseline (0 unknown).</param>
/// <param name="Rbi">RBI (0 below the minimum count).</param>
/// <param name="Dsd95Relative">DSD95 over its baseline (0 unknown).</param>
/// <param name="RetryQueueDepth">Retry queue depth.</param>
/// <param name="ReconnectsPerMinute">Reconnects per minute.</param>
/// <param name="RingDrops">Ring drops since the previous tick.</param>
public sealed record AdminFeatures(double Ppr, double Twr, double Cfr, long ConnectFailures, double Ctl95Relative, double Rbi,
    double Dsd95Relative, int RetryQueueDepth, double ReconnectsPerMinute, long RingDrops);

/// <summary>Execution parameters.</summary>
/// <param name="ClipTrim">Fraction trimmed off clips.</param>
/// <param name="LaunchJitterMaxMilliseconds">Upper bound of the launch jitter.</param>
/// <param name="CatchUpCap">Catch-up cap (× schedule rate), null for none.</param>
/// <param name="RetryRefillScale">Scale of the retry budget's refill.</param>
/// <param name="PreferWarmSessions">Choose sessions by health score.</param>
/// <param name="MaxConcurrentNewSessions">Cap on concurrent new-session attempts, null for none.</param>
/// <param name="ContainNonUrgent">Hold non-urgent flow.</param>
/// <param name="FreezeOptionalReconnects">Hold optional reconnects.</param>
/// <param name="RequireApprovalForOverrides">Urgency overrides wait for approval.</param>
/// <param name="RaiseIncident">The state raises an incident.</param>
public sealed record AdminParameters(double ClipTrim, double LaunchJitterMaxMilliseconds, double? CatchUpCap, double RetryRefillScale,
    bool PreferWarmSessions, int? MaxConcurrentNewSessions, bool ContainNonUrgent, bool FreezeOptionalReconnects,
    bool RequireApprovalForOverrides, bool RaiseIncident);

/// <summary>One engine session (GET /admin/sessions).</summary>
/// <param name="Id">BeginString:Sender->Target[:Qualifier].</param>
/// <param name="Role">initiator or acceptor.</param>
/// <param name="State">disconnected, logon_pending, logged_on or logout_pending.</param>
/// <param name="Connected">A connection is attached.</param>
/// <param name="LoggedOn">The Logon exchange completed.</param>
/// <param name="Enabled">False after a deliberate Logout.</param>
/// <param name="NextSenderSeqNum">The MsgSeqNum of our next message.</param>
/// <param name="NextTargetSeqNum">The MsgSeqNum expected next from the counterparty.</param>
/// <param name="HeartBtIntSeconds">The heartbeat interval in force.</param>
public sealed record AdminSession(string Id, string Role, string State, bool Connected, bool LoggedOn, bool Enabled,
    int NextSenderSeqNum, int NextTargetSeqNum, double HeartBtIntSeconds);

/// <summary>One destination's signals (GET /admin/destinations); a field is null where its source has nothing.</summary>
/// <param name="Destination">ip:port.</param>
/// <param name="Ppr">PPR from the latest socket sample.</param>
/// <param name="Twr">TWR from the latest socket sample.</param>
/// <param name="Sockets">Client sockets in the ephemeral range.</param>
/// <param name="TimeWait">Those in TIME_WAIT.</param>
/// <param name="ConnectAttempts">Connect attempts in the window.</param>
/// <param name="Cfr">CFR in the window.</param>
/// <param name="Ctl95">CTL95 in seconds.</param>
/// <param name="Ctl99">CTL99 in seconds.</param>
public sealed record AdminDestination(string Destination, double? Ppr, double? Twr, int? Sockets, int? TimeWait, long? ConnectAttempts,
    double? Cfr, double? Ctl95, double? Ctl99);

/// <summary>GET /admin/destinations.</summary>
/// <param name="SampledAt">When the socket sample was taken (null without one).</param>
/// <param name="UsablePorts">Usable ephemeral ports (null without a sample).</param>
/// <param name="HostPpr">Host-wide PPR.</param>
/// <param name="HostTwr">Host-wide TWR.</param>
/// <param name="TimeWaitCreationRate">TIME_WAIT creations per second.</param>
/// <param name="Destinations">Per destination.</param>
public sealed record AdminDestinations(DateTimeOffset? SampledAt, int? UsablePorts, double? HostPpr, double? HostTwr, double? TimeWaitCreationRate,
    IReadOnlyList<AdminDestination> Destinations);

/// <summary>One pending urgency override (GET /admin/approvals).</summary>
/// <param name="RequestId">The id to approve or deny (the order id).</param>
/// <param name="OrderId">The child order.</param>
/// <param name="ParentId">Its parent; 0 for none.</param>
/// <param name="Venue">The venue.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Side">buy, sell or sellShort.</param>
/// <param name="Quantity">The quantity that would be sent (after trim).</param>
/// <param name="Urgency">low, normal, high or critical.</param>
/// <param name="RequestedAt">When the order arrived.</param>
/// <param name="ExpiresAt">When it is refused if nobody answers.</param>
public sealed record AdminApproval(long RequestId, long OrderId, long ParentId, string Venue, string Symbol, string Side, decimal Quantity,
    string Urgency, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

/// <summary>POST /admin/shadow body.</summary>
/// <param name="Enabled">True for shadow mode.</param>
public sealed record ShadowRequest(bool? Enabled);

/// <summary>POST /admin/shadow answer.</summary>
/// <param name="Requested">The mode asked for.</param>
/// <param name="Current">The mode in force (until the next tick).</param>
/// <param name="AppliesAt">When it applies.</param>
/// <param name="Persisted">
/// The switch was saved (<c>PortStress:Gateway:AdminStatePath</c>) and survives a restart. False when it could not be
/// saved (a disk error, logged as event 6307; the switch applies all the same) or the host keeps no admin state.
/// </param>
public sealed record ShadowResponse(bool Requested, bool Current, string AppliesAt, bool Persisted);

/// <summary>POST /admin/approvals/{id}/approve|deny body (optional).</summary>
/// <param name="Credential">The approver's credential (one of <c>PortStress:Gate:ApprovalCredentials</c>); the bearer token when absent.</param>
public sealed record ApprovalRequest(string? Credential);

/// <summary>POST /admin/approvals/{id}/approve|deny answer.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Result">approved, denied, invalid_credential or unknown_request.</param>
public sealed record ApprovalResponse(long RequestId, string Result);

/// <summary>An error answer.</summary>
/// <param name="Error">What went wrong.</param>
public sealed record AdminError(string Error);

/// <summary>GET /readyz.</summary>
/// <param name="Ready">True when ready.</param>
/// <param name="Checks">Each check: ok, or why not.</param>
public sealed record Readiness(bool Ready, IReadOnlyDictionary<string, string> Checks);
