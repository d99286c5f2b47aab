using PortStress.Fix.Engine.Internal;

namespace PortStress.Fix.Engine;

/// <summary>Timers as pure functions of the clock: heartbeat, TestRequest, silence, Logon and Logout timeouts.</summary>
public sealed partial class Session
{
    /// <summary>Raised (outside the lock) when a deadline moved earlier without a state change; hosts re-plan their timer.</summary>
    public event Action? DeadlinesChanged;

    /// <summary>
    /// Acts on the clock: sends a Heartbeat after HeartBtInt of send silence, a TestRequest after
    /// TestRequestMultiplier × HeartBtInt of receive silence, disconnects after
    /// DisconnectMultiplier × HeartBtInt, and ends Logon and Logout exchanges that time out.
    /// Returns when it next needs to be called.
    /// </summary>
    /// <returns>The delay until the next deadline (at most one heartbeat interval).</returns>
    public TimeSpan OnTimer()
    {
        TimeSpan next;
        using (Enter())
        {
            next = Tick(Now);
        }

        RaiseStateChanged();
        return next;
    }

    private TimeSpan Tick(DateTimeOffset now)
    {
        if (_connection is null)
        {
            return _heartBtInt;
        }

        switch (_state)
        {
            case SessionState.LogonPending:
                {
                    var since = now - (_settings.ConnectionType == ConnectionType.Initiator ? _logonSentAt : _connectedAt);
                    if (since >= _settings.LogonTimeout)
                    {
                        DisconnectLocked($"no Logon answer within {_settings.LogonTimeout.TotalSeconds:0.#} s");
                        return _heartBtInt;
                    }

                    return _settings.LogonTimeout - since;
                }

            case SessionState.LogoutPending:
                {
                    var since = now - _logoutSentAt;
                    if (since >= _settings.LogoutTimeout)
                    {
                        DisconnectLocked($"no Logout answer within {_settings.LogoutTimeout.TotalSeconds:0.#} s");
                        return _heartBtInt;
                    }

                    return _settings.LogoutTimeout - since;
                }

            case SessionState.LoggedOn:
                return TickLoggedOn(now);

            default:
                return _heartBtInt;
        }
    }

    private TimeSpan TickLoggedOn(DateTimeOffset now)
    {
        var hb = _heartBtInt;
        var received = now - _lastReceived;
        var disconnectAfter = hb * _settings.DisconnectMultiplier;
        if (received >= disconnectAfter)
        {
            EngineLog.Silent(_log, Id, received);
            DisconnectLocked($"no message received for {received.TotalSeconds:0.#} s (HeartBtInt {hb.TotalSeconds:0} s)");
            return hb;
        }

        var testAfter = hb * _settings.TestRequestMultiplier;
        if (received >= testAfter && !_testRequestSent)
        {
            SendTestRequest();
            _testRequestSent = true;
        }

        // While a TestRequest is unanswered no Heartbeat is sent (the TestRequest itself shows we are alive).
        if (now - _lastSent >= hb && !_testRequestSent)
        {
            SendHeartbeat(default);
        }

        var untilHeartbeat = _testRequestSent ? TimeSpan.MaxValue : hb - (now - _lastSent);
        var untilSilence = (_testRequestSent ? disconnectAfter : testAfter) - received;
        var next = untilHeartbeat < untilSilence ? untilHeartbeat : untilSilence;
        return next < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : next;
    }
}
