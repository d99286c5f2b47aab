using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortStress.Control;
using PortStress.Control.Decoding;
using PortStress.Control.Loop;
using PortStress.Execution.Gate;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Hosting;
using PortStress.Telemetry;

namespace PortStress.Gateway.Admin;

/// <summary>
/// What the admin API reads and changes, resolved from the host's services: the <see cref="ControlLoop"/>, the snapshot
/// source, the <see cref="ChildOrderGate"/> (approvals), the engine's <see cref="FixEngineHostedService"/> (sessions) and
/// the <see cref="ShadowOverrideStore"/> (shadow-mode switches that survive a restart).
/// Each is optional; an endpoint whose part is missing says so with 503.
/// </summary>
public sealed class AdminReader
{
    private readonly IServiceProvider _services;
    private readonly AdminOptions _options;

    /// <summary>Creates the reader.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">The admin options.</param>
    public AdminReader(IServiceProvider services, IOptions<AdminOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _options = options.Value;
    }

    /// <summary>The control loop, or null when none is registered.</summary>
    public ControlLoop? Loop => _services.GetService<ControlLoop>();

    /// <summary>The gate, or null when none is registered.</summary>
    public ChildOrderGate? Gate => _services.GetService<ChildOrderGate>();

    /// <summary>The hosted engine, or null when none is registered.</summary>
    public FixEngineHostedService? Engine => _services.GetService<FixEngineHostedService>();

    /// <summary>Where shadow-mode switches are kept across restarts, or null when none is registered (switches are then not kept).</summary>
    public ShadowOverrideStore? ShadowOverrides => _services.GetService<ShadowOverrideStore>();

    /// <summary>The state with its features, or null without a control loop.</summary>
    public AdminState? State()
    {
        var loop = Loop;
        if (loop is null)
            return null;
        var status = loop.Status;
        var snapshot = _services.GetService<IControlSnapshotSource>()?.Current ?? loop.Snapshots.Current;
        var features = status?.Features ?? snapshot.Features;
        return new AdminState(
            DecoderNames.Of(status?.State ?? snapshot.State),
            DecoderNames.Of(snapshot.AppliedState),
            snapshot.Version,
            snapshot.IsShadow,
            loop.RequestedShadow,
            ShadowOverrides?.Source,
            status?.StressProbability ?? snapshot.StressProbability,
            new AdminFeatures(features.PortPressure, features.TimeWaitRatio, features.ConnectFailureRatio, features.ConnectFailures,
                features.ConnectLatencyRelative, features.RetryBurstIndex, features.DecisionToSendRelative, features.RetryQueueDepth,
                features.ReconnectsPerMinute, features.RingDrops),
            status?.ConnectLatencyP95,
            status?.ConnectLatencyBaseline,
            status?.DecisionToSendP95,
            status?.DecisionToSendBaseline,
            loop.TickCount,
            status?.Time,
            Parameters(snapshot.Parameters),
            Parameters(snapshot.DecidedParameters));
    }

    /// <summary>Every engine session, or null without an engine.</summary>
    public IReadOnlyList<AdminSession>? Sessions()
    {
        var engine = Engine;
        if (engine is null)
            return null;
        var list = new List<AdminSession>();
        foreach (var session in Copy(engine.Sessions))
        {
            list.Add(new AdminSession(
                session.Id.ToString(),
                session.Settings.ConnectionType == ConnectionType.Initiator ? "initiator" : "acceptor",
                StateName(session.State),
                session.IsConnected,
                session.IsLoggedOn,
                session.IsEnabled,
                session.NextSenderSeqNum,
                session.NextTargetSeqNum,
                session.HeartBtInt.TotalSeconds));
        }
        return list;
    }

    /// <summary>Per-destination signals, or null without a control loop.</summary>
    public AdminDestinations? Destinations()
    {
        var loop = Loop;
        if (loop is null)
            return null;
        var status = loop.Status;
        var registry = _services.GetService<DestinationRegistry>();
        var rows = new Dictionary<string, AdminDestination>(StringComparer.Ordinal);
        var sockets = status?.Sockets;
        if (sockets is not null)
        {
            foreach (var d in sockets.Destinations)
            {
                var name = d.Destination.ToString();
                rows[name] = new AdminDestination(name, d.PortPressureRatio, d.TimeWaitRatio, d.Sockets, d.TimeWait, null, null, null, null);
            }
        }
        if (status is not null)
        {
            foreach (var d in status.Signals.Destinations)
            {
                var name = registry is not null && registry.TryGetKey(d.Destination, out var key) ? key.ToString() : $"#{d.Destination.Value}";
                rows.TryGetValue(name, out var row);
                rows[name] = (row ?? new AdminDestination(name, null, null, null, null, null, null, null, null)) with
                {
                    ConnectAttempts = d.ConnectAttempts,
                    Cfr = d.ConnectFailureRatio,
                    Ctl95 = Finite(d.ConnectLatencyP95),
                    Ctl99 = Finite(d.ConnectLatencyP99),
                };
            }
        }
        var sampledAt = sockets is null ? (DateTimeOffset?)null
            : status!.Time - TimeSpan.FromSeconds(Math.Max(0, status.Timestamp - sockets.Timestamp) / (double)TimeProvider.System.TimestampFrequency);
        return new AdminDestinations(sampledAt, sockets?.UsablePorts, sockets?.HostPortPressureRatio, sockets?.HostTimeWaitRatio,
            sockets?.TimeWaitCreationRate, [.. rows.Values.OrderBy(r => r.Destination, StringComparer.Ordinal)]);
    }

    /// <summary>The readiness checks: the host has started, the engine has started its sessions, the control loop ticked recently.</summary>
    public Readiness Ready()
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        var lifetime = _services.GetService<IHostApplicationLifetime>();
        checks["host"] = lifetime is null || lifetime.ApplicationStarted.IsCancellationRequested ? "ok" : "starting";
        if (lifetime is not null && lifetime.ApplicationStopping.IsCancellationRequested)
            checks["host"] = "stopping";
        var engine = Engine;
        checks["engine"] = engine is null ? "not registered"
            : engine.Sessions.Count == 0 ? "not started (no sessions yet)"
            : "ok";
        var loop = Loop;
        if (loop is null)
        {
            checks["control"] = "not registered";
        }
        else
        {
            var age = loop.SinceLastTick;
            checks["control"] = age is null ? "no tick yet"
                : age.Value > _options.ReadyTickAge ? $"last tick {age.Value.TotalSeconds:0.0} s ago (limit {_options.ReadyTickAge.TotalSeconds:0.#} s)"
                : "ok";
        }
        return new Readiness(checks.Values.All(v => v == "ok"), checks);
    }

    private static IReadOnlyList<Session> Copy(IReadOnlyList<Session> sessions)
    {
        // The engine fills its list while it starts; a reader that races it tries again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return [.. sessions];
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private static string StateName(SessionState state) => state switch
    {
        SessionState.Disconnected => "disconnected",
        SessionState.LogonPending => "logon_pending",
        SessionState.LoggedOn => "logged_on",
        SessionState.LogoutPending => "logout_pending",
        _ => "unknown",
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static AdminParameters Parameters(ExecutionParameters p) => new(
        p.ClipTrim, p.LaunchJitterMax.TotalMilliseconds, p.CatchUpCap, p.RetryRefillScale, p.PreferWarmSessions, p.MaxConcurrentNewSessions,
        p.ContainNonUrgent, p.FreezeOptionalReconnects, p.RequireApprovalForOverrides, p.RaiseIncident);
}
