namespace PortStress.Fix.Protocol;

/// <summary>What the frame scanner found at the start of its input.</summary>
public enum ScanStatus
{
    /// <summary>A complete frame with a correct BodyLength and CheckSum starts at offset 0.</summary>
    Done,

    /// <summary>The input ends before a frame does; call again with more bytes.</summary>
    NeedMoreData,

    /// <summary>The input does not start with a valid frame; discard <see cref="ScanResult.Consumed"/> bytes and scan again.</summary>
    Invalid,
}

/// <summary>Why the scanner rejected the bytes at the start of its input.</summary>
public enum FrameRejectReason
{
    /// <summary>Not rejected.</summary>
    None,

    /// <summary>Bytes before the next <c>8=FIX</c>.</summary>
    GarbageBeforeFrame,

    /// <summary>BeginString (8) empty or longer than the cap.</summary>
    BeginStringInvalid,

    /// <summary>The second field is not BodyLength (9).</summary>
    BodyLengthMissing,

    /// <summary>BodyLength (9) is not a non-negative integer.</summary>
    BodyLengthInvalid,

    /// <summary>BodyLength (9) exceeds <see cref="CodecLimits.MaxBodyLength"/>.</summary>
    BodyLengthTooLarge,

    /// <summary>No CheckSum (10) field where BodyLength says the body ends.</summary>
    BodyLengthMismatch,

    /// <summary>CheckSum (10) is not three digits.</summary>
    ChecksumInvalid,

    /// <summary>CheckSum (10) does not match the bytes.</summary>
    ChecksumMismatch,

    /// <summary>The third field is not a non-empty MsgType (35).</summary>
    MsgTypeNotThird,
}

/// <summary>The answer of <see cref="FrameScanner"/>.</summary>
/// <param name="Status">Done, NeedMoreData or Invalid.</param>
/// <param name="Reason">Why the input was rejected (<see cref="FrameRejectReason.None"/> unless Invalid).</param>
/// <param name="Consumed">Done: the frame's length. Invalid: how many bytes to discard. NeedMoreData: 0.</param>
/// <param name="Offset">Invalid: where in the input the problem was found.</param>
/// <param name="BodyLength">The declared BodyLength, or -1 if none was read.</param>
public readonly record struct ScanResult(ScanStatus Status, FrameRejectReason Reason, int Consumed, int Offset, int BodyLength)
{
    internal static ScanResult NeedMore(int bodyLength = -1) => new(ScanStatus.NeedMoreData, FrameRejectReason.None, 0, 0, bodyLength);

    internal static ScanResult Frame(int length, int bodyLength) => new(ScanStatus.Done, FrameRejectReason.None, length, 0, bodyLength);

    internal static ScanResult Reject(FrameRejectReason reason, int consumed, int offset, int bodyLength = -1) =>
        new(ScanStatus.Invalid, reason, consumed, offset, bodyLength);

    /// <summary>A one-line description for logs and the decoder.</summary>
    public string Describe() => Status switch
    {
        ScanStatus.Done => $"frame of {Consumed} bytes (BodyLength {BodyLength})",
        ScanStatus.NeedMoreData => BodyLength >= 0 ? $"BodyLength {BodyLength} declared, the input ends first" : "the input ends inside the header",
        _ => Reason switch
        {
            FrameRejectReason.GarbageBeforeFrame => $"{Consumed} bytes that are not a FIX frame",
            FrameRejectReason.BeginStringInvalid => "BeginString (8) is empty or too long",
            FrameRejectReason.BodyLengthMissing => "second field is not BodyLength (9)",
            FrameRejectReason.BodyLengthInvalid => "BodyLength (9) is not a number",
            FrameRejectReason.BodyLengthTooLarge => "BodyLength (9) exceeds the configured maximum",
            FrameRejectReason.BodyLengthMismatch => $"BodyLength (9) {BodyLength} does not end where CheckSum (10) starts",
            FrameRejectReason.ChecksumInvalid => "CheckSum (10) is not three digits",
            FrameRejectReason.ChecksumMismatch => "CheckSum (10) does not match the bytes",
            FrameRejectReason.MsgTypeNotThird => "third field is not MsgType (35)",
            _ => Reason.ToString(),
        },
    };
}
