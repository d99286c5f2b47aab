using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Fix.Engine;

/// <summary>Sequence numbers: checks, the queue of early messages, outgoing ResendRequests, SequenceReset.</summary>
public sealed partial class Session
{
    /// <summary>Messages that arrived ahead of a gap, by MsgSeqNum, until the gap is filled.</summary>
    private readonly SortedDictionary<int, byte[]> _queue = [];
    private int _resendBegin;
    private int _resendEnd;
    private int _resendTarget;
    private int _queueProcessedLow;
    private int _queueProcessedHigh;

    private bool ResendRequested => _resendBegin != 0;

    /// <summary>
    /// QuickFIX's verify: SendingTime accuracy, CompIDs, then (as asked) too high (queue and ask
    /// for a resend) and too low (PossDup: ignore or reject; otherwise Logout). Returns true when
    /// the message is to be processed.
    /// </summary>
    private bool Verify(ReadOnlySpan<byte> frame, bool checkTooHigh, bool checkTooLow)
    {
        var header = _inbound.Header;
        header.TryGetInt32(Tags.MsgSeqNum, out var seq);
        if (_settings.CheckLatency && !IsGoodTime(header, Tags.SendingTime, out _))
        {
            SendReject(SessionRejectReason.SendingTimeAccuracyProblem, null);
            SendLogout(null);
            return false;
        }

        if (_settings.CheckCompId && !IsCorrectCompId(header))
        {
            SendReject(SessionRejectReason.CompIdProblem, null);
            SendLogout(null);
            return false;
        }

        var expected = _store.NextTargetSeqNum;
        if (checkTooHigh && seq > expected)
        {
            OnTargetTooHigh(frame, seq);
            return false;
        }

        if (checkTooLow && seq < expected)
        {
            OnTargetTooLow(seq, expected);
            return false;
        }

        return true;
    }

    private bool IsGoodTime(FieldMap header, int tag, out DateTime time)
    {
        if (!header.TryGetUtcTimestamp(tag, out time))
        {
            return false;
        }

        return (Now.UtcDateTime - time).Duration() <= _settings.MaxLatency;
    }

    private bool IsCorrectCompId(FieldMap header) =>
        header.TryGet(Tags.SenderCompID, out var sender) && sender.SequenceEqual(_targetCompId)
        && header.TryGet(Tags.TargetCompID, out var target) && target.SequenceEqual(_senderCompId);

    private void OnTargetTooHigh(ReadOnlySpan<byte> frame, int seq)
    {
        _queue.TryAdd(seq, frame.ToArray());
        EngineLog.Queued(_log, Id, seq, _store.NextTargetSeqNum);
        if (ResendRequested && seq >= _resendBegin)
        {
            // Already recovering this gap: one ResendRequest is enough.
            _resendTarget = Math.Max(_resendTarget, seq - 1);
            return;
        }

        RequestResend(_store.NextTargetSeqNum, seq - 1);
    }

    /// <summary>
    /// Asks for [begin, target], never for messages already on the queue, and in chunks of
    /// MaxMessagesInResendRequest when that is set. The first request of a recovery says "to the
    /// end" (EndSeqNo 0) unless chunked, as QuickFIX does; follow-ups name their end, so the
    /// counterparty does not replay what is already queued here.
    /// </summary>
    private void RequestResend(int begin, int target, bool followUp = false)
    {
        foreach (var queued in _queue.Keys)
        {
            if (queued >= begin)
            {
                target = Math.Min(target, queued - 1);
                break;
            }
        }

        var max = _settings.MaxMessagesInResendRequest;
        var end = max > 0 && target - begin + 1 > max ? begin + max - 1 : target;
        _resendBegin = begin;
        _resendEnd = end;
        _resendTarget = target;
        SendResendRequest(begin, end == target && !followUp ? InfiniteEnd : end);
    }

    /// <summary>
    /// After every frame: once the outstanding ResendRequest is satisfied, either the hole is
    /// filled (recovery complete) or part of it remains (the next chunk, or a range the
    /// counterparty answered with a duplicate) and is asked for again.
    /// </summary>
    private void ContinueRecovery()
    {
        if (!ResendRequested || _connection is null || _state != SessionState.LoggedOn)
        {
            return;
        }

        var expected = _store.NextTargetSeqNum;
        if (expected <= _resendEnd)
        {
            return;
        }

        var holeEnd = _queue.Count > 0 ? _queue.Keys.First() - 1 : _resendTarget;
        if (expected <= holeEnd)
        {
            RequestResend(expected, holeEnd, followUp: true);
            return;
        }

        EngineLog.ResendCompleted(_log, Id, _resendBegin, _resendTarget);
        _resendBegin = _resendEnd = _resendTarget = 0;
    }

    /// <summary>EndSeqNo meaning "everything after BeginSeqNo": 0 from FIX 4.2 on, 999999 before.</summary>
    private int InfiniteEnd => Id.BeginString is "FIX.4.0" or "FIX.4.1" ? 999_999 : 0;

    private void OnTargetTooLow(int seq, int expected)
    {
        var header = _inbound.Header;
        if (!(header.TryGetBoolean(Tags.PossDupFlag, out var possDup) && possDup))
        {
            var text = $"MsgSeqNum too low, expecting {expected} but received {seq}";
            SendLogout(text);
            DisconnectLocked(text);
            return;
        }

        if (!header.Contains(Tags.OrigSendingTime))
        {
            SendReject(SessionRejectReason.RequiredTagMissing, Tags.OrigSendingTime);
            return;
        }

        if (header.TryGetUtcTimestamp(Tags.OrigSendingTime, out var orig) && header.TryGetUtcTimestamp(Tags.SendingTime, out var sending) && orig > sending)
        {
            SendReject(SessionRejectReason.SendingTimeAccuracyProblem, null);
            SendLogout(null);
            return;
        }

        EngineLog.DuplicateIgnored(_log, Id, seq);
    }

    /// <summary>Processes queued messages while the next expected one is there.</summary>
    private void ProcessQueued()
    {
        while (_connection is not null && _state != SessionState.Disconnected)
        {
            var expected = _store.NextTargetSeqNum;
            while (_queue.Count > 0)
            {
                var first = _queue.Keys.First();
                if (first >= expected)
                {
                    break;
                }

                _queue.Remove(first);
            }

            if (!_queue.Remove(expected, out var frame))
            {
                return;
            }

            _queueProcessedLow = _queueProcessedLow == 0 ? expected : Math.Min(_queueProcessedLow, expected);
            _queueProcessedHigh = Math.Max(_queueProcessedHigh, expected);
            EngineLog.Dequeued(_log, Id, expected);
            Process(frame, fromQueue: true);
            if (_store.NextTargetSeqNum == expected)
            {
                // A queued Logon or ResendRequest, or one the session could not process: move past it.
                _store.IncrementNextTargetSeqNum();
            }
        }
    }

    private void OnSequenceReset(ReadOnlySpan<byte> frame)
    {
        var header = _inbound.Header;
        var body = _inbound.Body;
        var gapFill = body.TryGetBoolean(Tags.GapFillFlag, out var flag) && flag;
        body.TryGetInt32(Tags.NewSeqNo, out var newSeqNo);
        header.TryGetInt32(Tags.MsgSeqNum, out var seq);
        var expected = _store.NextTargetSeqNum;

        // A resent gap fill that replaces messages already taken off the queue still moves the
        // expected number forward (QuickFIX/n issue 309): nothing below NewSeqNo can be missing.
        if (gapFill && seq < expected && seq >= _queueProcessedLow && seq <= _queueProcessedHigh && newSeqNo > expected
            && header.TryGetBoolean(Tags.PossDupFlag, out var possDup) && possDup)
        {
            _application.FromAdmin(_inbound, Id);
            _store.SetNextTargetSeqNum(newSeqNo);
            return;
        }

        if (!Verify(frame, checkTooHigh: gapFill, checkTooLow: gapFill))
        {
            return;
        }

        _application.FromAdmin(_inbound, Id);
        if (newSeqNo > expected)
        {
            EngineLog.SequenceReset(_log, Id, expected, newSeqNo, gapFill);
            _store.SetNextTargetSeqNum(newSeqNo);
        }
        else if (newSeqNo < expected)
        {
            SendReject(SessionRejectReason.ValueIsIncorrect, null);
        }
    }

    private void ClearRecoveryState()
    {
        _queue.Clear();
        _resendBegin = _resendEnd = _resendTarget = 0;
        _queueProcessedLow = _queueProcessedHigh = 0;
    }
}
