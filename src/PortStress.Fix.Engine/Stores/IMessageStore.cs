namespace PortStress.Fix.Engine.Stores;

/// <summary>Receives stored messages in sequence order, one call each; the span is valid only during the call.</summary>
/// <param name="seqNum">MsgSeqNum of the stored message.</param>
/// <param name="frame">The frame exactly as it was sent.</param>
public delegate void StoredMessageHandler(int seqNum, ReadOnlySpan<byte> frame);

/// <summary>
/// Sequence numbers and sent messages of one session. The session calls, for each outgoing
/// message: <see cref="Save"/> (with <see cref="NextSenderSeqNum"/>), then
/// <see cref="IncrementNextSenderSeqNum"/>, then writes to the socket. A store must make
/// <see cref="NextSenderSeqNum"/> never go back across a restart, even after a crash between
/// any two of those calls, and must keep every saved message readable by <see cref="Get"/>.
/// Used by one session thread at a time.
/// </summary>
public interface IMessageStore : IDisposable
{
    /// <summary>The MsgSeqNum the next outgoing message will carry.</summary>
    int NextSenderSeqNum { get; }

    /// <summary>The MsgSeqNum expected on the next incoming message.</summary>
    int NextTargetSeqNum { get; }

    /// <summary>When the current sequence (session period) began, UTC.</summary>
    DateTime CreationTime { get; }

    /// <summary>Sets the next outgoing MsgSeqNum.</summary>
    void SetNextSenderSeqNum(int value);

    /// <summary>Sets the next expected incoming MsgSeqNum.</summary>
    void SetNextTargetSeqNum(int value);

    /// <summary>Adds one to <see cref="NextSenderSeqNum"/>.</summary>
    void IncrementNextSenderSeqNum();

    /// <summary>Adds one to <see cref="NextTargetSeqNum"/>.</summary>
    void IncrementNextTargetSeqNum();

    /// <summary>Keeps an outgoing frame for resend.</summary>
    /// <param name="seqNum">Its MsgSeqNum.</param>
    /// <param name="frame">The bytes as sent.</param>
    void Save(int seqNum, ReadOnlySpan<byte> frame);

    /// <summary>Reads the stored frames with MsgSeqNum in [<paramref name="begin"/>, <paramref name="end"/>], in order; gaps are skipped.</summary>
    /// <param name="begin">First MsgSeqNum.</param>
    /// <param name="end">Last MsgSeqNum (inclusive).</param>
    /// <param name="handler">Called once per stored frame.</param>
    void Get(int begin, int end, StoredMessageHandler handler);

    /// <summary>Starts a new sequence: both numbers back to 1, messages dropped, creation time set.</summary>
    /// <param name="creationTime">The new period's start, UTC.</param>
    void Reset(DateTime creationTime);

    /// <summary>Makes everything saved so far durable as the store's flush policy promises.</summary>
    void Flush();
}
