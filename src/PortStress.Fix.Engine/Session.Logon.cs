using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine;

/// <summary>The Logon exchange, both sides.</summary>
public sealed partial class Session
{
    private void OnLogon(ReadOnlySpan<byte> frame, bool fromQueue)
    {
        if (fromQueue)
        {
            return;
        }

        var header = _inbound.Header;
        var body = _inbound.Body;
        var resetRequested = body.TryGetBoolean(Tags.ResetSeqNumFlag, out var reset) && reset;
        if (_state == SessionState.LoggedOn && !resetRequested)
        {
            var text = "Logon received while already logged on";
            SendLogout(text);
            DisconnectLocked(text);
            return;
        }

        if ((_settings.CheckLatency && !IsGoodTime(header, Tags.SendingTime, out _)) || (_settings.CheckCompId && !IsCorrectCompId(header)))
        {
            DisconnectLocked("Logon with a bad SendingTime or CompID");
            return;
        }

        var isAcceptor = _settings.ConnectionType == ConnectionType.Acceptor;
        if (isAcceptor && !InSchedule())
        {
            DisconnectLocked("Logon outside the session's schedule");
            return;
        }

        if (isAcceptor && !IsEnabled)
        {
            SendLogout("Session is disabled");
            DisconnectLocked("Logon to a disabled session");
            return;
        }

        if (resetRequested && !_sentReset)
        {
            EngineLog.ResetRequested(_log, Id);
            _store.Reset(Now.UtcDateTime);
        }
        else if (isAcceptor && _settings.ResetOnLogon && _state != SessionState.LoggedOn)
        {
            // ResetOnLogon: every new Logon on this side starts from 1.
            _store.Reset(Now.UtcDateTime);
        }

        if (isAcceptor)
        {
            if (_state != SessionState.LoggedOn)
            {
                ResetForNewPeriodIfDue();
            }

            if (body.TryGetInt32(Tags.HeartBtInt, out var seconds) && seconds > 0)
            {
                _heartBtInt = TimeSpan.FromSeconds(seconds);
            }
        }

        try
        {
            _application.FromAdmin(_inbound, Id);
        }
        catch (RejectLogonException e)
        {
            SendLogout(e.Message);
            DisconnectLocked($"Logon refused: {e.Message}");
            return;
        }

        _logonReceived = true;
        if (isAcceptor)
        {
            SendLogon(response: true);
        }

        SetState(SessionState.LoggedOn);
        EngineLog.LoggedOn(_log, Id, _heartBtInt);
        _observer?.LogonAcknowledged(Id, _logonSentTimestamp, _time.GetTimestamp());
        _application.OnLogon(Id);

        header.TryGetInt32(Tags.MsgSeqNum, out var seq);
        var expected = _store.NextTargetSeqNum;
        if (seq > expected)
        {
            OnTargetTooHigh(frame, seq);
        }
        else if (seq < expected)
        {
            var text = $"MsgSeqNum too low, expecting {expected} but received {seq}";
            SendLogout(text);
            DisconnectLocked(text);
            return;
        }
        else
        {
            _store.IncrementNextTargetSeqNum();
        }

        if (_settings.EnableNextExpectedMsgSeqNum && body.TryGetInt32(Tags.NextExpectedMsgSeqNum, out var theirExpected)
            && theirExpected < _store.NextSenderSeqNum - 1 && theirExpected > 0)
        {
            // The counterparty says it missed our messages: resend them without waiting to be asked
            // (the Logon just sent, at NextSenderSeqNum - 1, is not among them).
            Resend(theirExpected, _store.NextSenderSeqNum - 2);
        }
    }

    private bool InSchedule() => _settings.Schedule is not { } schedule || schedule.IsOpen(Now.UtcDateTime);

    /// <summary>A new schedule period starts a new sequence.</summary>
    private void ResetForNewPeriodIfDue()
    {
        if (_settings.Schedule?.CurrentPeriodStart(Now.UtcDateTime) is { } start && _store.CreationTime < start)
        {
            EngineLog.NewPeriod(_log, Id, start);
            _store.Reset(Now.UtcDateTime);
        }
    }
}
