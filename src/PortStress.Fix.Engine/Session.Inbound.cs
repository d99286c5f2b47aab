using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Fix.Engine;

/// <summary>Receiving: every complete frame from the connection enters through <see cref="OnFrame(ISessionConnection, ReadOnlySpan{byte})"/>.</summary>
public sealed partial class Session
{
    /// <summary>Handles one complete frame from the attached connection (already checked for BodyLength and CheckSum by the scanner).</summary>
    /// <param name="frame">The frame.</param>
    public void OnFrame(ReadOnlySpan<byte> frame) => OnFrame(null, frame);

    /// <summary>Handles one complete frame read from <paramref name="source"/>; ignored unless that is the attached connection.</summary>
    /// <param name="source">The connection it came from, or null for the attached one.</param>
    /// <param name="frame">The frame.</param>
    public void OnFrame(ISessionConnection? source, ReadOnlySpan<byte> frame)
    {
        bool answeredTestRequest;
        using (Enter())
        {
            if (_connection is null || (source is not null && !ReferenceEquals(source, _connection)))
            {
                return;
            }

            _lastReceived = Now;
            answeredTestRequest = _testRequestSent;
            _testRequestSent = false;
            EngineLog.Incoming(_log, Id, frame);
            Process(frame, fromQueue: false);
            ProcessQueued();
            ContinueRecovery();
        }

        if (answeredTestRequest)
        {
            // The heartbeat deadline was suspended while the TestRequest was out: plan again.
            DeadlinesChanged?.Invoke();
        }

        RaiseStateChanged();
    }

    /// <summary>A frame the scanner rejected: it is dropped (the gap, if any, is recovered by sequence numbers).</summary>
    /// <param name="reason">Why the bytes were not a frame.</param>
    public void OnGarbled(string reason)
    {
        using (Enter())
        {
            EngineLog.Garbled(_log, Id, reason);
        }
    }

    private void Process(ReadOnlySpan<byte> frame, bool fromQueue)
    {
        if (_inbound.Parse(frame, _dictionary, _applicationDictionary, _settings.Limits) != MessageParseStatus.Ok)
        {
            EngineLog.Garbled(_log, Id, $"unreadable fields ({_inbound.ParseError})");
            if (!_logonReceived)
            {
                DisconnectLocked("the first message is not a readable Logon");
            }

            return;
        }

        var header = _inbound.Header;
        header.TryGet(Tags.MsgType, out var msgType);
        if (!header.TryGet(Tags.BeginString, out var beginString) || !beginString.SequenceEqual(_beginString))
        {
            var text = $"Incorrect BeginString ({System.Text.Encoding.Latin1.GetString(beginString)})";
            if (_state == SessionState.LoggedOn)
            {
                SendLogout(text);
            }

            DisconnectLocked(text);
            return;
        }

        var isLogon = msgType.SequenceEqual("A"u8);
        if (!_logonReceived && !isLogon)
        {
            if (msgType.SequenceEqual("5"u8) && _settings.ConnectionType == ConnectionType.Initiator)
            {
                // The counterparty refused our Logon: let the application see why, then close.
                _application.FromAdmin(_inbound, Id);
                var reason = _inbound.Body.GetString(Tags.Text) ?? "no reason given";
                DisconnectLocked($"Logon refused by the counterparty: {reason}");
                return;
            }

            DisconnectLocked("the first message is not a Logon");
            return;
        }

        if (_validator is not null)
        {
            var result = _validator.Validate(frame);
            if (result.Status == ValidationStatus.Garbled)
            {
                EngineLog.Garbled(_log, Id, result.Text);
                return;
            }

            if (!result.IsValid)
            {
                if (isLogon && !_logonReceived)
                {
                    DisconnectLocked($"invalid Logon: {result}");
                    return;
                }

                SendReject(result.Reason, result.RefTagId, result.Text);
                return;
            }
        }

        if (_observer is not null && header.TryGetInt32(Tags.MsgSeqNum, out var seq))
        {
            _observer.MessageReceived(Id, msgType, seq, _time.GetTimestamp());
        }

        if (msgType.Length == 1)
        {
            switch (msgType[0])
            {
                case (byte)'A':
                    OnLogon(frame, fromQueue);
                    return;
                case (byte)'0':
                    OnAdmin(frame);
                    return;
                case (byte)'1':
                    OnTestRequest(frame);
                    return;
                case (byte)'2':
                    OnResendRequest();
                    return;
                case (byte)'3':
                    OnAdmin(frame);
                    return;
                case (byte)'4':
                    OnSequenceReset(frame);
                    return;
                case (byte)'5':
                    OnLogout();
                    return;
            }
        }

        OnApplicationOrOtherAdmin(frame, msgType);
    }

    /// <summary>Heartbeat and Reject: checked, passed to the application, counted.</summary>
    private void OnAdmin(ReadOnlySpan<byte> frame)
    {
        if (!Verify(frame, checkTooHigh: true, checkTooLow: true))
        {
            return;
        }

        _application.FromAdmin(_inbound, Id);
        _store.IncrementNextTargetSeqNum();
    }

    private void OnTestRequest(ReadOnlySpan<byte> frame)
    {
        if (!Verify(frame, checkTooHigh: true, checkTooLow: true))
        {
            return;
        }

        _application.FromAdmin(_inbound, Id);
        _inbound.Body.TryGet(Tags.TestReqID, out var id);
        SendHeartbeat(id);
        _store.IncrementNextTargetSeqNum();
    }

    private void OnApplicationOrOtherAdmin(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> msgType)
    {
        if (!Verify(frame, checkTooHigh: true, checkTooLow: true))
        {
            return;
        }

        var definition = _dictionary?.GetMessage(msgType) ?? _applicationDictionary?.GetMessage(msgType);
        try
        {
            if (definition is { IsAdmin: true })
            {
                _application.FromAdmin(_inbound, Id);
            }
            else
            {
                _application.FromApp(_inbound, Id);
            }
        }
        catch (UnsupportedMessageTypeException)
        {
            SendBusinessReject(3, "Unsupported Message Type");
        }

        if (_inbound.Header.TryGetInt32(Tags.MsgSeqNum, out var seq) && seq == _store.NextTargetSeqNum)
        {
            _store.IncrementNextTargetSeqNum();
        }
    }

    private void OnLogout()
    {
        if (!Verify(default, checkTooHigh: false, checkTooLow: false))
        {
            return;
        }

        _application.FromAdmin(_inbound, Id);
        if (_inbound.Header.TryGetInt32(Tags.MsgSeqNum, out var seq) && seq == _store.NextTargetSeqNum)
        {
            _store.IncrementNextTargetSeqNum();
        }

        if (_state == SessionState.LogoutPending)
        {
            EngineLog.LogoutCompleted(_log, Id);
        }
        else
        {
            SendLogout(null);
        }

        if (_settings.ResetOnLogout)
        {
            _store.Reset(Now.UtcDateTime);
        }

        DisconnectLocked("logged out");
    }
}
