using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Fix.Engine;

/// <summary>Building and sending: every outgoing message passes through <see cref="SendSequenced"/>.</summary>
public sealed partial class Session
{
    private const string TestRequestId = "TEST";

    /// <summary>Assigns the next MsgSeqNum, calls ToAdmin/ToApp, stores, then writes.</summary>
    private SendOutcome SendSequenced(FixMessage message, bool admin, FixMessage? replyTo)
    {
        var seq = _store.NextSenderSeqNum;
        var now = Now;
        FillHeader(message.Header, seq, now);
        if (replyTo is not null)
        {
            ReverseRoute(replyTo.Header, message.Header);
        }

        if (admin)
        {
            _application.ToAdmin(message, Id);
        }
        else
        {
            try
            {
                _application.ToApp(message, Id);
            }
            catch (DoNotSendException e)
            {
                EngineLog.Vetoed(_log, Id, e.Message);
                return SendOutcome.Vetoed;
            }
        }

        _frame.ResetWrittenCount();
        message.WriteTo(_writer, _frame);
        var frame = _frame.WrittenSpan;
        if (!admin && _settings.PersistMessages)
        {
            _store.Save(seq, frame);
        }

        _store.IncrementNextSenderSeqNum();
        Write(frame, now, seq, message);
        return SendOutcome.Sent;
    }

    /// <summary>Writes a frame that already carries its MsgSeqNum (resends and gap fills).</summary>
    private void SendUnsequenced(FixMessage message, bool admin)
    {
        var now = Now;
        message.Header.SetTimestamp(Tags.SendingTime, now.UtcDateTime, _settings.TimestampPrecision);
        if (admin)
        {
            _application.ToAdmin(message, Id);
        }

        _frame.ResetWrittenCount();
        message.WriteTo(_writer, _frame);
        message.Header.TryGetInt32(Tags.MsgSeqNum, out var seq);
        Write(_frame.WrittenSpan, now, seq, message);
    }

    private void Write(ReadOnlySpan<byte> frame, DateTimeOffset now, int seq, FixMessage message)
    {
        _lastSent = now;
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        if (connection.PendingBytes > _settings.MaxOutboundBacklogBytes)
        {
            EngineLog.BacklogFull(_log, Id, connection.PendingBytes);
            DisconnectLocked($"the counterparty is not reading: {connection.PendingBytes} bytes queued");
            return;
        }

        connection.Send(frame);
        EngineLog.Outgoing(_log, Id, frame);
        if (_observer is not null && message.Header.TryGet(Tags.MsgType, out var msgType))
        {
            _observer.MessageSent(Id, msgType, seq, _time.GetTimestamp());
        }
    }

    private void FillHeader(FieldMap header, int seq, DateTimeOffset now)
    {
        header.Set(Tags.BeginString, _beginString);
        header.Set(Tags.SenderCompID, _senderCompId);
        header.Set(Tags.TargetCompID, _targetCompId);
        header.Set(Tags.MsgSeqNum, seq);
        header.SetTimestamp(Tags.SendingTime, now.UtcDateTime, _settings.TimestampPrecision);
    }

    private FixMessage NewAdmin(string msgType)
    {
        _outbound.Clear();
        _outbound.Header.Set(Tags.MsgType, msgType);
        return _outbound;
    }

    private void SendLogon(bool response)
    {
        var logon = NewAdmin("A");
        logon.Body.Set(Tags.EncryptMethod, 0L);
        logon.Body.Set(Tags.HeartBtInt, (long)_heartBtInt.TotalSeconds);
        if (!response && _settings.ResetOnLogon)
        {
            _store.Reset(Now.UtcDateTime);
            logon.Body.Set(Tags.ResetSeqNumFlag, true);
            _sentReset = true;
        }

        if (_settings.EnableNextExpectedMsgSeqNum)
        {
            logon.Body.Set(Tags.NextExpectedMsgSeqNum, (long)_store.NextTargetSeqNum);
        }

        if (!response)
        {
            if (_settings.Username is { } user)
            {
                logon.Body.Set(Tags.Username, user);
            }

            if (_settings.Password is { } password)
            {
                logon.Body.Set(Tags.Password, password);
            }
        }

        if (_settings.DefaultApplVerId is { } applVerId && Id.BeginString == "FIXT.1.1")
        {
            logon.Body.Set(Tags.DefaultApplVerID, applVerId);
        }

        _logonSentAt = Now;
        _logonSentTimestamp = _time.GetTimestamp();
        SendSequenced(logon, admin: true, replyTo: null);
        _observer?.LogonSent(Id, _logonSentTimestamp);
    }

    private void SendLogout(string? text)
    {
        var logout = NewAdmin("5");
        if (!string.IsNullOrEmpty(text))
        {
            logout.Body.Set(Tags.Text, text);
        }

        SendSequenced(logout, admin: true, replyTo: null);
        _logoutSentAt = Now;
        SetState(_connection is null ? SessionState.Disconnected : SessionState.LogoutPending);
        EngineLog.LogoutSent(_log, Id, text ?? string.Empty);
    }

    private void SendHeartbeat(ReadOnlySpan<byte> testReqId)
    {
        var heartbeat = NewAdmin("0");
        if (!testReqId.IsEmpty)
        {
            heartbeat.Body.Set(Tags.TestReqID, testReqId);
        }

        SendSequenced(heartbeat, admin: true, replyTo: null);
    }

    private void SendTestRequest()
    {
        var request = NewAdmin("1");
        request.Body.Set(Tags.TestReqID, TestRequestId);
        SendSequenced(request, admin: true, replyTo: null);
    }

    private void SendResendRequest(int begin, int end)
    {
        var request = NewAdmin("2");
        request.Body.Set(Tags.BeginSeqNo, begin);
        request.Body.Set(Tags.EndSeqNo, end);
        SendSequenced(request, admin: true, replyTo: null);
        EngineLog.ResendRequested(_log, Id, begin, end);
    }

    /// <summary>
    /// Sends Reject (35=3) for the message in <see cref="_inbound"/>. The expected MsgSeqNum moves
    /// past the rejected message when it was the expected one (not for Logon or SequenceReset).
    /// </summary>
    private void SendReject(SessionRejectReason reason, int? refTagId, string? text = null)
    {
        var header = _inbound.Header;
        header.TryGetInt32(Tags.MsgSeqNum, out var refSeq);
        header.TryGet(Tags.MsgType, out var msgType);
        var incrementTarget = refSeq == _store.NextTargetSeqNum && !msgType.SequenceEqual("A"u8) && !msgType.SequenceEqual("4"u8);
        var reject = NewAdmin("3");
        reject.Body.Set(Tags.RefSeqNum, refSeq);
        reject.Body.Set(Tags.Text, text ?? SessionRejectReasonText.Of(reason));
        if (_settings.SessionId.BeginString is not ("FIX.4.0" or "FIX.4.1"))
        {
            if (reason == SessionRejectReason.InvalidMsgType && refTagId is null && Id.BeginString == "FIX.4.2")
            {
                // FIX 4.2 engines name MsgType itself as the faulty tag.
                refTagId = Tags.MsgType;
            }

            if (refTagId is { } tag)
            {
                reject.Body.Set(Tags.RefTagID, tag);
            }

            if (!msgType.IsEmpty)
            {
                reject.Body.Set(Tags.RefMsgType, msgType);
            }

            if (IsDefinedReason(reason))
            {
                reject.Body.Set(Tags.SessionRejectReason, (int)reason);
            }
        }

        SendSequenced(reject, admin: true, replyTo: _inbound);
        EngineLog.Rejected(_log, Id, refSeq, reason, refTagId ?? -1);
        if (incrementTarget)
        {
            _store.IncrementNextTargetSeqNum();
        }
    }

    /// <summary>SessionRejectReason values later than the session's FIX version (13–16 in FIX 4.2) are left out, as QuickFIX does.</summary>
    private bool IsDefinedReason(SessionRejectReason reason)
    {
        var field = _dictionary?.GetField(Tags.SessionRejectReason);
        if (field is null || field.Values.Count == 0)
        {
            return true;
        }

        Span<byte> text = stackalloc byte[4];
        System.Buffers.Text.Utf8Formatter.TryFormat((int)reason, text, out var written);
        return field.Describe(text[..written]) is not null;
    }

    /// <summary>BusinessMessageReject (35=j) for an application message the application does not handle.</summary>
    private void SendBusinessReject(int reason, string text)
    {
        var header = _inbound.Header;
        header.TryGetInt32(Tags.MsgSeqNum, out var refSeq);
        header.TryGet(Tags.MsgType, out var msgType);
        if (_settings.SessionId.BeginString is "FIX.4.0" or "FIX.4.1")
        {
            SendReject(SessionRejectReason.InvalidMsgType, null, text);
            return;
        }

        var reject = NewAdmin("j");
        reject.Body.Set(Tags.RefSeqNum, refSeq);
        reject.Body.Set(Tags.Text, text);
        reject.Body.Set(Tags.RefMsgType, msgType);
        reject.Body.Set(Tags.BusinessRejectReason, reason);
        SendSequenced(reject, admin: false, replyTo: _inbound);
    }

    /// <summary>Routing fields of the message answered, reversed: OnBehalfOf* becomes DeliverTo* and the other way round.</summary>
    private static void ReverseRoute(FieldMap from, FieldMap to)
    {
        Copy(from, 115, to, 128);
        Copy(from, 128, to, 115);
        Copy(from, 116, to, 129);
        Copy(from, 129, to, 116);
        Copy(from, 144, to, 145);
        Copy(from, 145, to, 144);

        static void Copy(FieldMap from, int fromTag, FieldMap to, int toTag)
        {
            if (from.TryGet(fromTag, out var value) && !value.IsEmpty)
            {
                to.Set(toTag, value);
            }
        }
    }
}
