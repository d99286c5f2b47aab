using System.Globalization;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// The application behind the acceptor under the acceptance scripts (the "reflector" of
/// ../shared/conformance/README.md):
/// <list type="bullet">
/// <item>NewOrderSingle (D): echoed, unless it carries PossResend (97)=Y and its ClOrdID (11) was
/// already seen on the session; ClOrdIDs are forgotten on logout.</item>
/// <item>SecurityDefinition (d), and QuoteRequest (R) on FIX.4.4: echoed.</item>
/// <item>News (B) whose Headline (148) starts with <c>echo:</c>: answered with a News whose
/// Headline is the rest (leading spaces trimmed), copying MessageEncoding (347),
/// EncodedHeadlineLen (358) and EncodedHeadline (359) when present. Other News: accepted silently.</item>
/// <item>TradeCaptureReportRequest (AD) on FIX.4.4: accepted silently.</item>
/// <item>XMLnonFIX (n, an admin message in FIX.4.4): answered with News "Successfully received 'n'
/// message with seqNo=N", as the QuickFIX/n acceptance application does (ReceiveXmlMessage.def needs it).</item>
/// <item>Anything else: <see cref="UnsupportedMessageTypeException"/>.</item>
/// </list>
/// An echo is a new message with BeginString (8), MsgType (35) and PossResend (97, when present:
/// 19b_PossResendMessageThatHasNotBeenSent.def expects it back) in the header and the incoming
/// body, groups included; the session fills in the rest of the header.
/// </summary>
internal sealed class ReflectorApplication : IApplication
{
    private const int ClOrdId = 11;
    private const int Headline = 148;
    private const int MessageEncoding = 347;

    private readonly Func<FixMessage, SessionId, bool> _send;
    private readonly Dictionary<SessionId, HashSet<string>> _clOrdIds = [];
    private readonly Lock _sync = new();

    /// <summary>Creates the reflector.</summary>
    /// <param name="send">Sends a message on a session (e.g. the engine's SendToTarget); false when it could not.</param>
    public ReflectorApplication(Func<FixMessage, SessionId, bool> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        _send = send;
    }

    public void OnCreate(SessionId sessionId)
    {
    }

    public void OnLogon(SessionId sessionId)
    {
    }

    public void OnLogout(SessionId sessionId)
    {
        lock (_sync)
        {
            _clOrdIds.Remove(sessionId);
        }
    }

    public void ToAdmin(FixMessage message, SessionId sessionId)
    {
    }

    public void ToApp(FixMessage message, SessionId sessionId)
    {
    }

    public void FromAdmin(FixMessage message, SessionId sessionId)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.MsgType == "n")
        {
            var reply = NewMessage(sessionId, "B");
            var seqNum = message.Header.TryGetInt64(Tags.MsgSeqNum, out var n) ? n.ToString(CultureInfo.InvariantCulture) : string.Empty;
            reply.Body.Set(Headline, $"Successfully received 'n' message with seqNo={seqNum}");
            _send(reply, sessionId);
        }
    }

    public void FromApp(FixMessage message, SessionId sessionId)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fix44 = sessionId.BeginString == "FIX.4.4";
        switch (message.MsgType)
        {
            case "D":
                OnNewOrderSingle(message, sessionId);
                break;
            case "d":
            case "R" when fix44:
                _send(Echo(message, sessionId), sessionId);
                break;
            case "B":
                OnNews(message, sessionId);
                break;
            case "AD" when fix44:
                break;
            default:
                throw new UnsupportedMessageTypeException();
        }
    }

    private void OnNewOrderSingle(FixMessage message, SessionId sessionId)
    {
        var clOrdId = message.Body.GetString(ClOrdId) ?? string.Empty;
        var possResend = message.Header.TryGetBoolean(Tags.PossResend, out var flag) && flag;
        lock (_sync)
        {
            if (!_clOrdIds.TryGetValue(sessionId, out var seen))
            {
                _clOrdIds[sessionId] = seen = [];
            }

            if (!seen.Add(clOrdId) && possResend)
            {
                return;
            }
        }

        _send(Echo(message, sessionId), sessionId);
    }

    private void OnNews(FixMessage message, SessionId sessionId)
    {
        var headline = message.Body.GetString(Headline);
        if (headline is null || !headline.StartsWith("echo:", StringComparison.Ordinal))
        {
            return;
        }

        var reply = NewMessage(sessionId, "B");
        if (message.Header.TryGet(MessageEncoding, out var encoding))
        {
            reply.Header.Set(MessageEncoding, encoding);
        }

        // The headline stays bytes: it may be in the encoding 347 names.
        message.Body.TryGet(Headline, out var raw);
        var text = raw["echo:"u8.Length..];
        reply.Body.Set(Headline, text.TrimStart((byte)' '));
        if (message.Body.TryGet(Tags.EncodedHeadlineLen, out var length))
        {
            reply.Body.Set(Tags.EncodedHeadlineLen, length);
        }

        if (message.Body.TryGet(Tags.EncodedHeadline, out var encoded))
        {
            reply.Body.Set(Tags.EncodedHeadline, encoded);
        }

        _send(reply, sessionId);
    }

    private static FixMessage Echo(FixMessage message, SessionId sessionId)
    {
        var echo = NewMessage(sessionId, message.MsgType ?? string.Empty);
        if (message.Header.TryGet(Tags.PossResend, out var possResend))
        {
            echo.Header.Set(Tags.PossResend, possResend);
        }

        CopyFields(message.Body, echo.Body);
        return echo;
    }

    private static FixMessage NewMessage(SessionId sessionId, string msgType)
    {
        var message = new FixMessage();
        message.Header.Set(Tags.BeginString, sessionId.BeginString);
        message.Header.Set(Tags.MsgType, msgType);
        return message;
    }

    /// <summary>Copies fields and repeating groups (entries in order, nested groups too).</summary>
    private static void CopyFields(FieldMap from, FieldMap to)
    {
        for (var i = 0; i < from.Count; i++)
        {
            var tag = from.TagAt(i);
            var entries = from.GroupCount(tag);
            if (entries == 0)
            {
                to.Set(tag, from.ValueAt(i));
                continue;
            }

            for (var e = 0; e < entries; e++)
            {
                var source = from.GroupEntry(tag, e);
                var target = source.Definition is { } definition
                    ? to.AddGroupEntry(definition)
                    : to.AddGroupEntry(tag, source.TagAt(0));
                CopyFields(source, target);
            }
        }
    }
}
