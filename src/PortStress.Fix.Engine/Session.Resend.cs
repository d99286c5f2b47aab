using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine;

/// <summary>Serving ResendRequests from the store: application messages again with PossDup, the rest as gap fills.</summary>
public sealed partial class Session
{
    private void OnResendRequest()
    {
        if (!Verify(default, checkTooHigh: false, checkTooLow: false))
        {
            return;
        }

        _application.FromAdmin(_inbound, Id);
        var body = _inbound.Body;
        body.TryGetInt32(Tags.BeginSeqNo, out var begin);
        body.TryGetInt32(Tags.EndSeqNo, out var end);
        _inbound.Header.TryGetInt32(Tags.MsgSeqNum, out var seq);
        var next = _store.NextSenderSeqNum;
        if (end == 0 || end == 999_999 || end >= next)
        {
            end = next - 1;
        }

        EngineLog.ResendServing(_log, Id, begin, end);
        Resend(begin, end);
        if (seq == _store.NextTargetSeqNum)
        {
            _store.IncrementNextTargetSeqNum();
        }
    }

    /// <summary>
    /// Resends [begin, end]: stored application messages with PossDup=Y and OrigSendingTime;
    /// everything else (admin, missing, vetoed, stale) as SequenceReset-GapFill ranges, in order.
    /// </summary>
    private void Resend(int begin, int end)
    {
        if (begin < 1 || begin > end)
        {
            return;
        }

        _pendingGapStart = 0;
        var nextExpected = begin;
        var now = Now.UtcDateTime;
        _store.Get(begin, end, (seq, stored) =>
        {
            if (seq > nextExpected)
            {
                MarkGap(nextExpected);
            }

            nextExpected = seq + 1;
            ResendOne(stored, seq, now);
        });

        if (nextExpected <= end)
        {
            MarkGap(nextExpected);
        }

        if (_pendingGapStart != 0)
        {
            SendGapFill(_pendingGapStart, end + 1);
            _pendingGapStart = 0;
        }
    }

    /// <summary>The first MsgSeqNum of a run of messages to be replaced by one gap fill.</summary>
    private int _pendingGapStart;

    /// <summary>Writes one stored message again (after flushing a pending gap), or marks it for the gap fill.</summary>
    private void ResendOne(ReadOnlySpan<byte> stored, int seq, DateTime now)
    {
        if (_resend.Parse(stored, _dictionary, _applicationDictionary, _settings.Limits) != MessageParseStatus.Ok)
        {
            MarkGap(seq);
            return;
        }

        var header = _resend.Header;
        header.TryGet(Tags.MsgType, out var msgType);
        var definition = _dictionary?.GetMessage(msgType) ?? _applicationDictionary?.GetMessage(msgType);
        var admin = definition?.IsAdmin ?? (msgType.Length == 1 && "0123456A".Contains((char)msgType[0], StringComparison.Ordinal));
        header.TryGetUtcTimestamp(Tags.SendingTime, out var original);
        if (admin || IsStale(msgType, original, now))
        {
            MarkGap(seq);
            return;
        }

        header.Set(Tags.PossDupFlag, true);
        header.Set(Tags.OrigSendingTime, header.TryGet(Tags.SendingTime, out var sendingTime) ? sendingTime : default);
        try
        {
            _application.ToApp(_resend, Id);
        }
        catch (DoNotSendException)
        {
            MarkGap(seq);
            return;
        }

        if (_pendingGapStart != 0)
        {
            SendGapFill(_pendingGapStart, seq);
            _pendingGapStart = 0;
        }

        SendUnsequenced(_resend, admin: false);
    }

    private void MarkGap(int seq)
    {
        if (_pendingGapStart == 0)
        {
            _pendingGapStart = seq;
        }
    }

    private bool IsStale(ReadOnlySpan<byte> msgType, DateTime originalSendingTime, DateTime now)
    {
        if (_settings.ResendMaxAge is not { } maxAge || now - originalSendingTime <= maxAge)
        {
            return false;
        }

        foreach (var stale in _settings.StaleResendMsgTypes)
        {
            if (msgType.Length == stale.Length && System.Text.Encoding.Latin1.GetString(msgType) == stale)
            {
                return true;
            }
        }

        return false;
    }

    private void SendGapFill(int seq, int newSeqNo)
    {
        var gapFill = NewAdmin("4");
        var header = gapFill.Header;
        header.Set(Tags.BeginString, _beginString);
        header.Set(Tags.SenderCompID, _senderCompId);
        header.Set(Tags.TargetCompID, _targetCompId);
        header.Set(Tags.MsgSeqNum, seq);
        header.Set(Tags.PossDupFlag, true);
        header.SetTimestamp(Tags.OrigSendingTime, Now.UtcDateTime, _settings.TimestampPrecision);
        gapFill.Body.Set(Tags.NewSeqNo, newSeqNo);
        gapFill.Body.Set(Tags.GapFillFlag, true);
        SendUnsequenced(gapFill, admin: true);
    }
}
